/**
 * Synthetic Chinese names with their pinyin: villages (某某村), towns, people, and phone numbers.
 * Characters are common in Guangdong place names; tones are left out as in map labels.
 */
import type { Rng } from './Rng.ts';

type Syllable = readonly [zh: string, pinyin: string];

/** First character of a place name: directions, colours, plants, auspicious words, surnames. */
const HEADS: readonly Syllable[] = [
  ['大', 'da'], ['小', 'xiao'], ['新', 'xin'], ['上', 'shang'], ['下', 'xia'], ['东', 'dong'], ['西', 'xi'],
  ['南', 'nan'], ['北', 'bei'], ['中', 'zhong'], ['石', 'shi'], ['高', 'gao'], ['黄', 'huang'], ['白', 'bai'],
  ['红', 'hong'], ['青', 'qing'], ['金', 'jin'], ['银', 'yin'], ['云', 'yun'], ['龙', 'long'], ['凤', 'feng'],
  ['竹', 'zhu'], ['松', 'song'], ['桂', 'gui'], ['茶', 'cha'], ['樟', 'zhang'], ['榕', 'rong'], ['李', 'li'],
  ['莲', 'lian'], ['禾', 'he'], ['平', 'ping'], ['安', 'an'], ['丰', 'feng'], ['富', 'fu'], ['荣', 'rong'],
  ['华', 'hua'], ['光', 'guang'], ['明', 'ming'], ['良', 'liang'], ['德', 'de'], ['旺', 'wang'], ['福', 'fu'],
  ['胜', 'sheng'], ['联', 'lian'], ['双', 'shuang'], ['三', 'san'], ['六', 'liu'], ['马', 'ma'], ['牛', 'niu'],
  ['鹤', 'he'], ['沙', 'sha'], ['泉', 'quan'], ['合', 'he'], ['长', 'chang'], ['永', 'yong'], ['兴', 'xing'],
  ['文', 'wen'], ['罗', 'luo'], ['林', 'lin'], ['梁', 'liang'], ['谢', 'xie'], ['塘', 'tang'], ['水', 'shui'],
  ['山', 'shan'], ['田', 'tian'], ['河', 'he'], ['甘', 'gan'], ['花', 'hua'], ['茂', 'mao'], ['昌', 'chang'],
  ['盛', 'sheng'], ['宁', 'ning'], ['太', 'tai'], ['广', 'guang'], ['元', 'yuan'], ['潭', 'tan'], ['岑', 'cen'],
];

/** Second character: the landform or settlement word that ends most southern place names. */
const TAILS: readonly Syllable[] = [
  ['田', 'tian'], ['塘', 'tang'], ['垌', 'dong'], ['坑', 'keng'], ['岭', 'ling'], ['坡', 'po'], ['湾', 'wan'],
  ['山', 'shan'], ['石', 'shi'], ['岗', 'gang'], ['坪', 'ping'], ['洞', 'dong'], ['水', 'shui'], ['江', 'jiang'],
  ['河', 'he'], ['头', 'tou'], ['尾', 'wei'], ['口', 'kou'], ['背', 'bei'], ['面', 'mian'], ['桥', 'qiao'],
  ['龙', 'long'], ['安', 'an'], ['和', 'he'], ['丰', 'feng'], ['华', 'hua'], ['光', 'guang'], ['明', 'ming'],
  ['平', 'ping'], ['屋', 'wu'], ['寨', 'zhai'], ['圳', 'zhen'], ['陂', 'bei'], ['岸', 'an'], ['滩', 'tan'],
  ['潭', 'tan'], ['冲', 'chong'], ['围', 'wei'], ['角', 'jiao'], ['屯', 'tun'], ['界', 'jie'], ['林', 'lin'],
  ['埇', 'yong'], ['岩', 'yan'], ['盘', 'pan'], ['排', 'pai'], ['楼', 'lou'],
];

/** The commonest surnames appear twice so they are drawn more often, as in a real roster. */
const SURNAMES: readonly string[] = [
  '陈', '李', '黄', '梁', '刘', '林', '张', '王', '罗', '杨', '吴', '何', '谢', '钟', '邓', '周', '莫', '冯',
  '彭', '曾', '赖', '温', '廖', '潘', '朱', '叶', '江', '卢', '蔡', '许', '庞', '伍', '甘', '覃', '丘', '李',
  '陈', '黄', '梁', '刘',
];

const GIVEN: readonly string[] = [
  '伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '涛', '明', '超', '秀', '霞',
  '平', '刚', '桂', '华', '英', '兰', '玉', '红', '建', '国', '志', '文', '海', '春', '金', '荣', '德', '成',
  '永', '福', '生', '东', '辉', '林', '珍', '凤', '燕', '萍', '清', '标', '坤', '锋', '振', '汉', '少', '裕',
];

export interface PlaceName {
  zh: string;
  pinyin: string;
}

/** Pinyin words joined as on signs: capitalised, with an apostrophe before a/e/o (Xi'an). */
function joinPinyin(parts: readonly string[]): string {
  const word = parts.map((p, i) => (i > 0 && /^[aeo]/.test(p) ? `'${p}` : p)).join('');
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/** A two-character place name not yet in `used` (which it extends). */
export function placeName(rng: Rng, used: Set<string>): PlaceName {
  for (let attempt = 0; ; attempt++) {
    const head = rng.pick(HEADS);
    const tail = rng.pick(TAILS);
    const zh = head[0] + tail[0];
    if (head[0] === tail[0]) continue;
    // A third character is added only when two-character names run out.
    const extra = attempt > 200 ? rng.pick(TAILS) : null;
    const name = extra ? zh + extra[0] : zh;
    if (used.has(name)) continue;
    used.add(name);
    return { zh: name, pinyin: joinPinyin(extra ? [head[1], tail[1], extra[1]] : [head[1], tail[1]]) };
  }
}

export function personName(rng: Rng): string {
  const given = rng.chance(0.75) ? rng.pick(GIVEN) + rng.pick(GIVEN) : rng.pick(GIVEN);
  return rng.pick(SURNAMES) + given;
}

/** 11-digit mobile number of the 13x series; synthetic, not anyone's number. */
export function mobilePhone(rng: Rng): string {
  let digits = `13${rng.int(0, 9)}`;
  for (let i = 0; i < 8; i++) digits += String(rng.int(0, 9));
  return digits;
}
