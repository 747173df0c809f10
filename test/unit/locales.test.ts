import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isRtl } from '../../src/core/locale';
import { chooseLocale, LOCALES, matchLocale } from '../../src/core/locale-choice';

const dir = new URL('../../locales/', import.meta.url);
const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
const read = (f: string): Record<string, string> => JSON.parse(readFileSync(new URL(f, dir), 'utf8'));
const en = read('en.json');
const all = Object.fromEntries(files.map((f) => [f.replace('.json', ''), read(f)]));
const others = Object.keys(all).filter((l) => l !== 'en');

/** The 24 official languages of the EU, then the others issue 15 asks for. */
const EU = 'bg cs da de el en es et fi fr ga hr hu it lt lv mt nl pl pt ro sk sl sv'.split(' ');
const MORE = 'ar he ja ko zh zh-TW tr uk ru hi id th vi ca no is pt-BR'.split(' ');

/** The keys whose text is on a button (or a link that acts as one). */
const BUTTONS = [
  'banner.acceptAll',
  'banner.rejectAll',
  'banner.customize',
  'banner.minimize',
  'banner.expand',
  'panel.save',
  'panel.acceptAll',
  'panel.rejectAll',
  'panel.doNotSell',
  'panel.close',
  'revoke.reloadButton',
  'dashboard.download',
  'dashboard.withdraw',
  'dashboard.withdrawConfirm',
  'dashboard.cancel',
  'request.access',
  'request.correction',
  'request.deletion',
  'request.do-not-sell',
  'placeholder.button',
  'placeholder.buttonName',
  'placeholder.settingsButton',
];

/** Whole words (any script: `\b` knows ASCII only), case-insensitive. */
const words = (...w: string[]): RegExp => new RegExp(`(?<!\\p{L})(${w.join('|')})(?!\\p{L})`, 'iu');

/**
 * One register per language (locales/README.md says which): what its buttons must look like
 * (`buttons`: every button label matches, e.g. an infinitive first), what they must never be
 * (`notButtons`: first-person or mixed forms), and the form of address its texts never use
 * (`notTexts`). Only what a pattern can check; the README has the rest.
 */
const REGISTER: Record<string, { buttons?: RegExp; notButtons?: RegExp; notTexts?: RegExp }> = {
  ar: { notButtons: /^(نعم، )?(اقبل|ارفض|احفظ|أغلق|اسحب|اعرض|احذف|لا تبيعوا|لا تبع)(?!\p{L})/u },
  bg: {
    notButtons: words(
      'приеми',
      'приемете',
      'приемам',
      'откажи',
      'откажете',
      'отказвам',
      'запази',
      'запазете',
      'изтрий',
    ),
    notTexts: words('ти', 'теб', 'твой', 'твоя', 'твоето', 'твоите', 'твоят'),
  },
  ca: { notButtons: /^(Sí, )?(No )?\p{L}+(ar|ir)(?!\p{L})/u, notTexts: words('vostè', 'vostre', 'vostra', 'vostres') },
  cs: { buttons: /^(Ano, |Znovu )?\p{L}+t(?!\p{L})/u, notTexts: words('ty', 'tvůj', 'tvoje', 'tvoji', 'tebe', 'tobě') },
  // Danish and Norwegian formal De is also their they: Dem and Deres, capitalised, tell them apart.
  da: { notTexts: /(?<!\p{L})(Dem|Deres)(?!\p{L})/u },
  de: { notButtons: words('Sie', 'du'), notTexts: words('du', 'dich', 'dir', 'dein', 'deine', 'deinen', 'deiner') },
  el: { notTexts: words('σου') },
  es: { buttons: /^(Sí, )?(No )?\p{L}+(ar|er|ir)(lo)?(?!\p{L})/u, notTexts: words('usted', 'ustedes') },
  et: { notButtons: /^(Jah, )?\p{L}+ma(?!\p{L})/u, notTexts: words('sina', 'sinu', 'sind', 'sul', 'sulle') },
  fi: { notTexts: /(?<!\p{L})(Te|Teidän|Teitä|Teille)(?!\p{L})/u },
  fr: { notButtons: /^(Oui, )?\p{L}+ez(?!\p{L})/u, notTexts: words('tu', 'toi', 'ton', 'ta', 'tes') },
  ga: { notTexts: words('sibh', 'bhur') },
  he: {
    notButtons: words(
      'לאשר',
      'לדחות',
      'לבטל',
      'לראות',
      'לתקן',
      'למחוק',
      'למכור',
      'לשתף',
      'לשמור',
      'לסגור',
      'לטעון',
      'להוריד',
      'לפתוח',
    ),
  },
  hi: { buttons: /(ें|ँ)$/u, notTexts: words('तुम', 'तुम्हारा', 'तुम्हारी', 'तुम्हारे', 'तू') },
  hr: {
    notButtons: words(
      'prihvatiti',
      'odbiti',
      'prilagoditi',
      'spremiti',
      'zatvoriti',
      'preuzeti',
      'povući',
      'prikazati',
      'izbrisati',
      'učitati',
      'otvoriti',
    ),
    notTexts: words('tvoj', 'tvoja', 'tvoje', 'tvoji', 'tebe', 'tebi'),
  },
  hu: {
    notButtons: words('visszavonok', 'elfogadom', 'elutasítom', 'adják', 'osszák'),
    notTexts: words('te', 'téged', 'neked', 'tiéd'),
  },
  id: { notButtons: /^(Ya, )?me\p{L}+/iu, notTexts: words('kamu', 'engkau', 'kau') },
  is: { notButtons: /^(Já, )?\p{L}+(ðu|tu|du)(?!\p{L})/u },
  it: { notButtons: /^(Sì, )?\p{L}+(are|ere|ire)(?!\p{L})/u, notTexts: words('vostro', 'vostra', 'vostri', 'vostre') },
  ja: { notButtons: /(ます|ください|ほしい)/u },
  ko: { notButtons: /(세요|니다|십시오)/u },
  lt: { buttons: /^(Taip, )?\p{L}+ti(?!\p{L})/u, notTexts: words('tu', 'tavo', 'tave', 'tau') },
  lv: { buttons: /^(Jā, )?\p{L}+t(?!\p{L})/u, notTexts: words('tu', 'tavs', 'tava', 'tevi', 'tev') },
  mt: { notButtons: /^(Iva, )?\p{L}+aw(?!\p{L})/u },
  nl: {
    notButtons: /^(Accepteer|Weiger|Pas|Sla|Sluit|Laad|Download|Trek|Bekijk|Verwijder|Corrigeer|Open)(?!\p{L})/u,
    notTexts: words('u', 'uw'),
  },
  no: { notButtons: /^(Ja, )?å /u, notTexts: /(?<!\p{L})(Dem|Deres)(?!\p{L})/u },
  pl: {
    notButtons: /^(Tak, )?(Nie )?\p{L}+(ać|eć|ić|yć|ąć|ść)(?!\p{L})/u,
    notTexts: words('sam', 'sama', 'Pan', 'Pani', 'prośba', 'prośbę', 'prośby'),
  },
  pt: { buttons: /^(Sim, )?(Não )?\p{L}+(ar|er|ir)(?!\p{L})/u, notTexts: words('você', 'tu') },
  'pt-BR': { buttons: /^(Sim, )?(Não )?\p{L}+(ar|er|ir)(?!\p{L})/u, notTexts: words('tu', 'vós', 'mesmo', 'mesma') },
  ro: {
    notButtons: /^(Da, )?(Vreau|Accept|Refuz|Personalizez|Salvez|Retrag|Descarc)(?!\p{L})|ți(?!\p{L})/u,
    notTexts: words('dumneavoastră', 'vă', 'vindeți', 'partajați'),
  },
  ru: {
    buttons: /^(Да, )?(Не )?\p{L}+(ть|ти)(?!\p{L})/u,
    notTexts: words('ты', 'тебя', 'тебе', 'твой', 'твоя', 'твоё', 'твои'),
  },
  sk: { buttons: /^(Áno, |Znova )?\p{L}+ť(?!\p{L})/u, notTexts: words('ty', 'tvoj', 'tvoje', 'tvoja', 'teba', 'tebe') },
  sl: {
    notButtons: words(
      'sprejeti',
      'zavrniti',
      'prilagoditi',
      'shraniti',
      'zapreti',
      'naložiti',
      'prenesti',
      'preklicati',
      'prikazati',
      'izbrisati',
      'odpreti',
      'opustiti',
    ),
    notTexts: words('ti', 'tvoj', 'tvoja', 'tvoje', 'tebe', 'tebi'),
  },
  sv: { notTexts: /(?<!\p{L})(Ni|Er|Ert|Era)(?!\p{L})/u },
  th: { notTexts: /(ครับ|ค่ะ|คะ)/u },
  tr: { notButtons: /(istiyorum|mayın|meyin)(?!\p{L})/u },
  uk: { buttons: /^(Так, )?(Не )?\p{L}+ти(?!\p{L})/u, notTexts: words('ти', 'тебе', 'твій', 'твоя', 'твоє', 'твої') },
  vi: { notTexts: /quý khách|quý vị/iu },
  zh: { notTexts: /您/u },
  'zh-TW': { notTexts: /你/u },
};

/**
 * Where English says "consent", "withdraw" or "request", the locale uses its glossary term
 * (locales/README.md), matched by a stem so that inflected forms count.
 */
const GLOSSARY: Record<string, { consent: RegExp; withdraw: RegExp; request: RegExp }> = {
  ar: { consent: /موافق/u, withdraw: /سحب|اسحب/u, request: /طلب/u },
  bg: { consent: /съгласи/iu, withdraw: /оттегл/iu, request: /искане/iu },
  ca: { consent: /consentiment/iu, withdraw: /retir/iu, request: /sol·licitud/iu },
  cs: { consent: /souhlas/iu, withdraw: /odvol/iu, request: /žádost/iu },
  da: { consent: /samtykke/iu, withdraw: /træk|trak|trukket|tilbagekald/iu, request: /anmodning/iu },
  de: { consent: /einwilligung/iu, withdraw: /widerruf/iu, request: /antrag/iu },
  el: { consent: /συγκατάθεσ/iu, withdraw: /ανάκλ|ανακαλ/iu, request: /αίτημ|αιτήματ/iu },
  es: { consent: /consentimiento/iu, withdraw: /retir/iu, request: /solicitud/iu },
  et: { consent: /nõusolek/iu, withdraw: /tagasi/iu, request: /taotlus/iu },
  fi: { consent: /suostum/iu, withdraw: /peru/iu, request: /pyyn/iu },
  fr: { consent: /consentement/iu, withdraw: /retir/iu, request: /demande/iu },
  ga: { consent: /toili/iu, withdraw: /tarraing\p{L}* siar/iu, request: /iarratas/iu },
  he: { consent: /הסכמ/u, withdraw: /לבטל|ביטול|בוטל/u, request: /בקש/u },
  hi: { consent: /सहमति/u, withdraw: /वापस/u, request: /अनुरोध/u },
  hr: { consent: /privol/iu, withdraw: /povu/iu, request: /zahtjev/iu },
  hu: { consent: /hozzájárul/iu, withdraw: /visszavon/iu, request: /kérelm/iu },
  id: {
    consent: /persetujuan/iu,
    withdraw: /tarik kembali|ditarik kembali|menarik kembali/iu,
    request: /permintaan/iu,
  },
  is: { consent: /samþykk/iu, withdraw: /afturkall/iu, request: /beiðni/iu },
  it: { consent: /consenso/iu, withdraw: /revoc/iu, request: /richiesta/iu },
  ja: { consent: /同意/u, withdraw: /撤回/u, request: /請求/u },
  ko: { consent: /동의/u, withdraw: /철회/u, request: /요청/u },
  lt: { consent: /sutikim/iu, withdraw: /atšauk/iu, request: /prašym/iu },
  lv: { consent: /piekrišan/iu, withdraw: /atsauk/iu, request: /pieprasījum/iu },
  mt: { consent: /kunsens/iu, withdraw: /irtira|rtirajt/iu, request: /talba/iu },
  nl: { consent: /toestemming/iu, withdraw: /intrek|ingetrokken/iu, request: /verzoek/iu },
  no: { consent: /samtykke/iu, withdraw: /trekk|trakk|trukket/iu, request: /anmodning/iu },
  pl: { consent: /zgod/iu, withdraw: /wycof/iu, request: /żądani/iu },
  pt: { consent: /consentimento/iu, withdraw: /retir/iu, request: /pedido/iu },
  'pt-BR': { consent: /consentimento/iu, withdraw: /revog/iu, request: /solicitação/iu },
  ro: { consent: /consimțământ/iu, withdraw: /retra/iu, request: /cerere|cererea/iu },
  ru: { consent: /согласи/iu, withdraw: /отоз|отзыв|отозв/iu, request: /запрос/iu },
  sk: { consent: /súhlas/iu, withdraw: /odvol/iu, request: /žiados/iu },
  sl: { consent: /privolit/iu, withdraw: /preklic|preklič/iu, request: /zahtev/iu },
  sv: { consent: /samtycke/iu, withdraw: /återkall/iu, request: /begäran/iu },
  th: { consent: /ความยินยอม/u, withdraw: /ถอน/u, request: /คำขอ/u },
  tr: { consent: /rıza/iu, withdraw: /geri al/iu, request: /başvuru/iu },
  uk: { consent: /згод/iu, withdraw: /відклик/iu, request: /запит/iu },
  vi: { consent: /đồng ý/iu, withdraw: /rút lại/iu, request: /yêu cầu/iu },
  zh: { consent: /同意/u, withdraw: /撤回/u, request: /请求/u },
  'zh-TW': { consent: /同意/u, withdraw: /撤回/u, request: /請求/u },
};

/** The script a locale is written in, where it is not Latin: most of its letters are in it. */
const SCRIPTS: Record<string, RegExp> = {
  ar: /\p{Script=Arabic}/u,
  bg: /\p{Script=Cyrillic}/u,
  el: /\p{Script=Greek}/u,
  he: /\p{Script=Hebrew}/u,
  hi: /\p{Script=Devanagari}/u,
  ja: /[\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Han}]/u,
  ko: /\p{Script=Hangul}/u,
  ru: /\p{Script=Cyrillic}/u,
  th: /\p{Script=Thai}/u,
  uk: /\p{Script=Cyrillic}/u,
  zh: /\p{Script=Han}/u,
  'zh-TW': /\p{Script=Han}/u,
};
/** Characters only one of the two Chinese scripts uses (for the words the UI needs). */
const SIMPLIFIED = /[设选择隐数据关闭载们这与开请发务应确时读态项户权删须个览启广统计为记]/u;
const TRADITIONAL = /[設選擇隱數據關閉載們這與開請發務應確時讀態項戶權刪須個覽啟廣統計為記]/u;

/** English words a translation may keep: a proper name and a word many languages borrowed. */
const SAME_AS_ENGLISH = new Set(['method.gpc', 'purpose.marketing.title']);

describe('locales', () => {
  it('ships 40+ languages: all 24 official EU languages and the others issue 15 asks for', () => {
    expect(files.length).toBeGreaterThanOrEqual(40);
    for (const l of [...EU, ...MORE]) expect(files).toContain(`${l}.json`);
    expect([...LOCALES].sort()).toEqual(files.map((f) => f.replace('.json', '')).sort());
  });

  it.each(files)('%s has exactly the English keys, no empty values, and keeps every {variable}', (f) => {
    const m = read(f);
    expect(Object.keys(m).sort()).toEqual(Object.keys(en).sort());
    for (const [k, v] of Object.entries(m)) {
      expect(typeof v === 'string' && v.trim().length > 0, `${f} ${k} is empty`).toBe(true);
      expect((v.match(/\{\w+\}/g) ?? []).sort(), `${f} ${k}`).toEqual((en[k]!.match(/\{\w+\}/g) ?? []).sort());
      expect(v, `${f} ${k}: a stray brace or a variable written in another language`).not.toMatch(
        /\{(?!\w+\})|(?<!\{\w+)\}/,
      );
    }
  });

  it.each(others)('%s translates every text (nothing left in English but a name and a loanword)', (l) => {
    const left = Object.keys(en).filter((k) => !SAME_AS_ENGLISH.has(k) && all[l]![k] === en[k]);
    expect(left).toEqual([]);
  });

  it('the three first-layer buttons are short and distinct in every locale', () => {
    for (const f of files) {
      const m = read(f);
      const buttons = [m['banner.acceptAll'], m['banner.rejectAll'], m['banner.customize']];
      expect(new Set(buttons).size, f).toBe(3);
      for (const b of buttons) expect(b!.length, `${f}: ${b}`).toBeLessThanOrEqual(24);
    }
  });

  it('Accept all and Reject all are worded alike in every locale (neither longer by half)', () => {
    for (const [l, m] of Object.entries(all)) {
      const [a, r] = [m['banner.acceptAll']!.length, m['banner.rejectAll']!.length];
      expect(
        Math.max(a, r) / Math.min(a, r),
        `${l}: ${m['banner.acceptAll']} / ${m['banner.rejectAll']}`,
      ).toBeLessThanOrEqual(1.5);
      expect(m['panel.acceptAll'], l).toBe(m['banner.acceptAll']);
      expect(m['panel.rejectAll'], l).toBe(m['banner.rejectAll']);
    }
  });

  it('every locale other than English has its register rules', () => {
    for (const l of others) expect(REGISTER, l).toHaveProperty([l]);
  });

  it.each(Object.entries(REGISTER))('%s keeps one register in its buttons and its texts', (l, rule) => {
    const m = all[l]!;
    for (const k of BUTTONS) {
      const b = m[k]!.replace(/\{\w+\} ?/g, '').trim();
      if (rule.buttons) expect(b, `${l} ${k}`).toMatch(rule.buttons);
      if (rule.notButtons) expect(b, `${l} ${k}`).not.toMatch(rule.notButtons);
    }
    if (rule.notTexts) for (const [k, v] of Object.entries(m)) expect(v, `${l} ${k}`).not.toMatch(rule.notTexts);
  });

  it.each(Object.keys(GLOSSARY))('%s uses its glossary terms where English says consent, withdraw or request', (l) => {
    const m = all[l]!;
    const terms = GLOSSARY[l]!;
    for (const [k, v] of Object.entries(en)) {
      if (/consent/i.test(v)) expect(m[k], `${l} ${k}`).toMatch(terms.consent);
      if (/withdr[ae]w/i.test(v)) expect(m[k], `${l} ${k}`).toMatch(terms.withdraw);
      if (/\brequest\b/i.test(v)) expect(m[k], `${l} ${k}`).toMatch(terms.request);
    }
  });

  it('every locale has a glossary, and locales/README.md lists each locale with the terms the test checks', () => {
    const readme = readFileSync(new URL('README.md', dir), 'utf8');
    expect(Object.keys(GLOSSARY).sort()).toEqual(others.sort());
    for (const [l, terms] of Object.entries(GLOSSARY)) {
      const row = readme.split('\n').find((line) => line.startsWith(`| \`${l}\` |`));
      expect(row, `locales/README.md has no row for ${l}`).toBeDefined();
      for (const term of Object.values(terms)) expect(row, `${l}: ${term}`).toMatch(term);
    }
  });

  it.each(Object.entries(SCRIPTS))('%s is written in its own script', (l, script) => {
    const text = Object.entries(all[l]!)
      .filter(([k]) => !SAME_AS_ENGLISH.has(k))
      .map(([, v]) => v.replace(/\{\w+\}|Cookie|cookie|Global Privacy Control/g, ''))
      .join('');
    const letters = [...text].filter((c) => /\p{L}/u.test(c));
    expect(letters.filter((c) => script.test(c)).length / letters.length, l).toBeGreaterThan(0.9);
  });

  it('zh is written in Simplified characters and zh-TW in Traditional ones', () => {
    for (const [k, v] of Object.entries(all['zh']!)) expect(v, `zh ${k}`).not.toMatch(TRADITIONAL);
    for (const [k, v] of Object.entries(all['zh-TW']!)) expect(v, `zh-TW ${k}`).not.toMatch(SIMPLIFIED);
  });

  it('the points of the language review stay fixed', () => {
    // A required purpose's "always on" agrees with its (plural) title.
    expect(all['fr']!['panel.alwaysOn']).toBe('Toujours actifs');
    expect(all['pl']!['purpose.analytics.title']).toBe('Statystyki');
    // "Allowed one embed" counts an element, never an uncountable "content".
    for (const l of ['nl', 'pl', 'cs', 'uk', 'da', 'sv', 'no', 'sk', 'bg'])
      expect(all[l]!['method.placeholder'], l).not.toMatch(
        /inhoud|treść|obsah|вміст|indhold|innehåll|innhold|съдържание/iu,
      );
    expect(all['ro']!['service.privacy']).toMatch(/Politica de confidențialitate a \p{L}+ \{name\}/u);
  });
});

describe('locale choice', () => {
  it.each([
    ['auto', 'de-AT', ['en-US'], 'de'],
    ['auto', null, ['pt-BR', 'en'], 'pt-BR'],
    ['auto', 'pt-PT', [], 'pt'],
    ['auto', 'xx', ['fr-CA'], 'fr'],
    ['auto', null, ['xx'], 'en'],
    ['ja', 'de', [], 'ja'],
    ['nb', null, [], 'no'],
    ['zh-Hant', null, [], 'zh-TW'],
    ['german', 'de', ['de'], 'en'],
  ])('configured %s, page lang %s, browser %j → %s', (configured, page, langs, expected) => {
    expect(chooseLocale(configured, page, langs)).toBe(expected);
  });

  it.each([...LOCALES])('picks %s from the page lang and from the browser languages', (l) => {
    expect(chooseLocale('auto', l, ['en'])).toBe(l);
    expect(chooseLocale('auto', l.toLowerCase(), [])).toBe(l);
    expect(chooseLocale('auto', null, ['xx', l, 'en'])).toBe(l);
    expect(chooseLocale('auto', '', [l])).toBe(l);
    // With a region the language has no file of its own for.
    if (!l.includes('-')) {
      expect(chooseLocale('auto', `${l}-XK`, [])).toBe(l);
      expect(chooseLocale('auto', null, [`${l}-XK`])).toBe(l);
    }
  });

  it.each([
    ['nb', 'no'],
    ['nb-NO', 'no'],
    ['nn', 'no'],
    ['nn-NO', 'no'],
    ['no-NO', 'no'],
    ['zh-TW', 'zh-TW'],
    ['zh-tw', 'zh-TW'],
    ['zh-Hant', 'zh-TW'],
    ['zh-Hant-TW', 'zh-TW'],
    ['zh-HK', 'zh-TW'],
    ['zh-Hant-HK', 'zh-TW'],
    ['zh-MO', 'zh-TW'],
    ['zh', 'zh'],
    ['zh-CN', 'zh'],
    ['zh-Hans', 'zh'],
    ['zh-Hans-CN', 'zh'],
    ['zh-Hans-HK', 'zh'],
    ['zh-SG', 'zh'],
    ['pt-br', 'pt-BR'],
    ['pt_BR', 'pt-BR'],
    ['iw', 'he'],
    ['in', 'id'],
    ['ca-ES-valencia', 'ca'],
    ['sr', null],
    ['constructor', null],
    ['__proto__', null],
  ])('the tag %s reads %s', (tag, expected) => {
    expect(matchLocale(tag)).toBe(expected);
    if (expected) expect(chooseLocale('auto', null, ['xx', tag])).toBe(expected);
  });

  it('knows the right-to-left locales: of the shipped ones, Arabic and Hebrew only', () => {
    expect(['ar', 'he', 'fa-IR', 'ur'].map(isRtl)).toEqual([true, true, true, true]);
    expect(LOCALES.filter(isRtl)).toEqual(['ar', 'he']);
    expect(matchLocale('ZH')).toBe('zh');
  });
});
