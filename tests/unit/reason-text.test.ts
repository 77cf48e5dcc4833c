import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mergeLocales, type Messages } from '../../scripts/locales.js';
import { KNOWN_REASONS, knownReason, reasonText, type Translate } from '../../src/lib/page/index.js';

const LOCALES = mergeLocales('src/locales');

/** chrome.i18n.getMessage over the shipped messages: $NAME$ -> its placeholder's $n -> the n-th substitution. */
function translator(messages: Messages): Translate {
  return (key, subs = []) => {
    const m = messages[key];
    if (!m) return '';
    const ph = (m.placeholders ?? {}) as Record<string, { content: string }>;
    return m.message.replace(/\$([A-Za-z0-9_]+)\$/g, (_, name: string) =>
      (ph[name.toLowerCase()]?.content ?? '').replace(/\$(\d)/g, (_d, n: string) => subs[Number(n) - 1] ?? ''),
    );
  };
}
const en = translator(LOCALES.en!);
const zh = translator(LOCALES.zh_CN!);

/** One stored sentence per known reason, and what a Chinese user reads for it. */
const SAMPLES: [string, string][] = [
  ['larger than 25 MB', '文件大于 25 MB'],
  ['SVG images are not fingerprinted', 'SVG 图片不参与指纹比对'],
  ['declares 30000x30000 pixels, over the decoding limit', '图片声明的尺寸为 30000×30000 像素，超出解码上限'],
  ['the browser could not decode this image (truncated or corrupt)', '浏览器无法解码此图片（文件不完整或已损坏）'],
  ['not an image, or a format License Lens does not read', '不是图片，或是 License Lens 无法读取的格式'],
  ['image header has no size', '图片文件头中没有尺寸信息'],
  ['16x16: an icon or tracker, not fingerprinted', '16×16：图标或跟踪像素，不参与指纹比对'],
  ['the file is truncated (no end marker)', '文件不完整（缺少结束标记）'],
  ['ftp: URLs are not fetched', '不会获取 ftp: 开头的网址'],
  ['no complete answer within 15 s', '15 秒内未收到完整响应'],
  ['network error (Failed to fetch)', '网络错误（Failed to fetch）'],
  ['HTTP 404', '服务器返回 HTTP 404'],
  ['served as text/html, not an image', '服务器返回的是 text/html，不是图片'],
  ['not a valid URL', '网址无效'],
  ['URLs with credentials are not fetched', '不会获取包含用户名或密码的网址'],
  ['local-network address, and the page is not on one', '图片位于本地网络地址，而此页面不在本地网络上'],
  ['the check did not finish in time', '检查未能在时限内完成'],
  ['malformed reply from the offscreen document', '离屏文档的答复格式有误'],
  ['reply without a fingerprint', '答复中没有指纹'],
];

describe('reasonText', () => {
  it('has one sample per known reason', () => {
    expect(SAMPLES.map(([s]) => knownReason(s)?.key).sort()).toEqual(KNOWN_REASONS.map((k) => k.key).sort());
  });

  it.each(SAMPLES)('shows "%s" unchanged in English and translated, values filled in, in Chinese', (sentence, chinese) => {
    expect(reasonText(sentence, en)).toBe(sentence);
    expect(reasonText(sentence, zh)).toBe(chinese);
  });

  it('shows a reason it does not know exactly as stored, and a known one whose message is missing too', () => {
    const odd = 'the image vanished (NS_ERROR_FAILURE)';
    expect(reasonText(odd, zh)).toBe(odd);
    expect(reasonText('HTTP 404', () => '')).toBe('HTTP 404');
    expect(reasonText('HTTP 404', (key) => key)).toBe('HTTP 404');
    // Already localised by the background (accessCheckNeedsHost): passes as it is.
    expect(reasonText(LOCALES.zh_CN!.accessCheckNeedsHost!.message, zh)).toBe(LOCALES.zh_CN!.accessCheckNeedsHost!.message);
  });

  it('matches whole sentences only', () => {
    expect(knownReason('HTTP 404 and more')).toBeUndefined();
    expect(knownReason('xHTTP 404')).toBeUndefined();
  });
});

/** Not reasons a user reads as "not checked": match kinds, the registry build report, the CLI's own output. */
const NOT_SHOWN = ['src/cli/', 'src/lib/registry/', 'src/lib/license/', 'src/lib/match/'];
/** SkipErrors that pass on a reason made elsewhere (each of those sources is scanned below). */
const PASSED_ON = ['refusal', 'outcome.refusal', 'tooLargeReason', 'there.reason'];
const LITERAL = String.raw`(?:'((?:[^'\\]|\\.)*)'|\x60((?:[^\x60\\]|\\.)*)\x60)`;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

/** A literal as a stored sentence: each ${...} becomes a number, as sizes, seconds and statuses are. */
const sentence = (m: RegExpExecArray) => (m[1] ?? m[2]!).replace(/\$\{[^}]*\}/g, '12');

/** Every reason sentence src/ writes: SkipError messages, refusal functions' returns, reason: fields and constants. */
function reasonSentences(): { sentences: { file: string; text: string }[]; passedOn: string[] } {
  const sentences: { file: string; text: string }[] = [];
  const passedOn: string[] = [];
  for (const file of sources('src').filter((f) => !NOT_SHOWN.some((d) => f.startsWith(d)))) {
    const code = readFileSync(file, 'utf8');
    const add = (re: RegExp, text = code) => {
      for (const m of text.matchAll(re)) sentences.push({ file, text: sentence(m) });
    };
    add(new RegExp(String.raw`new SkipError\(${LITERAL}\)`, 'g'));
    add(new RegExp(String.raw`\breason: ${LITERAL}`, 'g'));
    add(new RegExp(String.raw`const (?:\w*Reason|NOT_IN_TIME) = ${LITERAL}`, 'g'));
    for (const body of code.matchAll(/function \w*[Rr]efusal\([\s\S]*?\n\}\n/g)) add(new RegExp(String.raw`return ${LITERAL}`, 'g'), body[0]);
    for (const m of code.matchAll(/new SkipError\(([\w.]+)\)/g)) passedOn.push(m[1]!);
  }
  return { sentences, passedOn };
}

describe('every reason sentence in src/ has a translation', () => {
  const { sentences, passedOn } = reasonSentences();

  it('knows every sentence the code writes', () => {
    const unknown = sentences.filter((s) => !knownReason(s.text)).map((s) => `${s.file}: ${s.text}`);
    expect(unknown).toEqual([]);
  });

  it('has no entry the code no longer writes (and so the scan above found them all)', () => {
    const used = new Set(sentences.map((s) => knownReason(s.text)?.key));
    expect(KNOWN_REASONS.map((k) => k.key).filter((k) => !used.has(k))).toEqual([]);
  });

  it('passes on reasons only from the sources scanned above', () => {
    expect(passedOn.filter((p) => !PASSED_ON.includes(p))).toEqual([]);
  });
});
