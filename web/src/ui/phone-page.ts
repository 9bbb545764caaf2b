/**
 * The frame of the staff pages used on a phone (shelter check-in, the village cadre's page): a
 * top bar with the title, a link back to the map, the language switch and sign-in / sign-out, and
 * the page's main element. Signing in here does not reload the page: `onSignIn` is told;
 * signing out reloads it, after `onSignOut` (a page clears what it kept on the phone for the user).
 */
import { lang, onLang, setLang, t, tr, type UiKey } from '../i18n.ts';
import { signOut, type Principal } from '../session.ts';
import { fill, h } from './dom.ts';
import { openLoginDialog } from './login-dialog.ts';
import { mountStatus } from './status.ts';

export interface PhonePage {
  main: HTMLElement;
  /** Opens the sign-in dialog (for a button of the page's own). */
  signIn(): void;
}

export function mountPhonePage(
  root: HTMLElement,
  titleKey: UiKey,
  mainClass: string,
  me: Principal | null,
  onSignIn: (p: Principal) => void,
  onSignOut: () => void = () => undefined,
): PhonePage {
  const title = h('h1', { class: 'title' }, tr(titleKey));
  const langBtn = h('button', { type: 'button', class: 'lang', id: 'lang-switch' });
  langBtn.addEventListener('click', () => setLang(lang() === 'zh' ? 'en' : 'zh'));
  const auth = h('div', { class: 'auth' });
  const header = h('header', { class: 'topbar' }, title, h('a', { href: '/', class: 'back-link' }, tr('backToMap')), langBtn, auth);
  const main = h('main', { id: 'main', class: mainClass });
  fill(root, header, main);
  root.removeAttribute('aria-busy');
  mountStatus(document.body);

  const signIn = () =>
    openLoginDialog((p) => {
      me = p;
      renderAuth();
      onSignIn(p);
    });
  const renderAuth = () => {
    if (me) {
      const out = h('button', { type: 'button', id: 'sign-out' }, t('signOut'));
      out.addEventListener('click', async () => {
        onSignOut();
        await signOut().catch(() => undefined);
        location.reload();
      });
      fill(auth, h('span', { class: 'who' }, t('signedInAs', { name: me.name, role: t(`role_${me.role}` as UiKey) })), out);
    } else {
      const inBtn = h('button', { type: 'button', id: 'sign-in' }, t('signIn'));
      inBtn.addEventListener('click', signIn);
      fill(auth, inBtn);
    }
  };
  onLang(() => {
    document.title = `${t(titleKey)} · OneMap`;
    langBtn.textContent = t('language');
    langBtn.setAttribute('aria-label', t('languageSwitch'));
    renderAuth();
  });
  return { main, signIn };
}
