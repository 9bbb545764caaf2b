/** The staff sign-in dialog (a native <dialog>: focus is trapped and Escape closes it). */
import { ApiError } from '../api.ts';
import { t } from '../i18n.ts';
import { signIn, type Principal } from '../session.ts';
import { h } from './dom.ts';

export function openLoginDialog(onSignedIn: (p: Principal) => void): void {
  const user = h('input', { id: 'login-user', name: 'username', autocomplete: 'username', required: true });
  const pass = h('input', { id: 'login-pass', name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const error = h('p', { class: 'error', role: 'alert', hidden: true });
  const submit = h('button', { type: 'submit', class: 'primary' }, t('signIn'));
  const cancel = h('button', { type: 'button' }, t('cancel'));
  const form = h(
    'form',
    { method: 'dialog', class: 'login' },
    h('h2', { id: 'login-title' }, t('signIn')),
    h('label', { for: 'login-user' }, t('username')),
    user,
    h('label', { for: 'login-pass' }, t('password')),
    pass,
    error,
    h('div', { class: 'actions' }, cancel, submit),
  );
  const dialog = h('dialog', { 'aria-labelledby': 'login-title' }, form);
  document.body.append(dialog);
  cancel.addEventListener('click', () => dialog.close());
  dialog.addEventListener('close', () => dialog.remove());
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    submit.disabled = true;
    error.hidden = true;
    try {
      const p = await signIn(user.value.trim(), pass.value);
      dialog.close();
      onSignedIn(p);
    } catch (err) {
      const m = err instanceof ApiError && err.status === 404 ? t('loginUnavailable') : (err as Error).message;
      error.textContent = t('loginFailed', { m });
      error.hidden = false;
      pass.select();
    } finally {
      submit.disabled = false;
    }
  });
  dialog.showModal();
  user.focus();
}
