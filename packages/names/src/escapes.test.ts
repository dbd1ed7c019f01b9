import { describe, expect, it } from 'vitest';
import { unescapedText } from './escapes.js';

// Hold-out 10 (bench/holdout10.ts web_escaped): a name posted through a Latin-1 web page or exported by a JSON
// writer arrived as "&#1050;&#1086;…" or "\u041a\u043e…" and keyed as nothing. Generated names only.
describe('unescapedText', () => {
  it.each([
    ['&#1050;&#1086;&#1074;&#1072;&#1083;&#1077;&#1085;&#1082;&#1086;', 'Коваленко'],
    ['&#x41a;&#x43e;&#x432;&#x430;&#x43b;&#x435;&#x43d;&#x43a;&#x43e;', 'Коваленко'],
    ['&#X41A;&#X43E;', 'Ко'],
    ['\\u041a\\u043e\\u0432\\u0430\\u043b\\u0435\\u043d\\u043a\\u043e', 'Коваленко'],
    ['&#1052;&#1072;&#1088;&#39;&#1103;&#1085;&#1072;', "Мар'яна"],
    ['Mar&#39;iana', "Mar'iana"],
    ['Mar&rsquo;iana', 'Mar’iana'],
    ['Mar&apos;iana', "Mar'iana"],
    ["Mar\\'iana", "Mar'iana"],
    ['Mar&#8217;iana', 'Mar’iana'],
    ['Коваленко&nbsp;Андрій', 'Коваленко\u00a0Андрій'],
    ['&amp;#1050;&amp;#1086;', 'Ко'],
    ['Бондар&ndash;Коваленко', 'Бондар–Коваленко'],
  ])('reads %s as %s', (escaped, plain) => {
    expect(unescapedText(escaped)).toBe(plain);
  });

  it('leaves text with no escape as written (null)', () => {
    for (const s of ['Коваленко', 'Kovalenko', "Мар'яна", 'A & B', 'Петренко (#12)', '\\', '&#;', 'u041a'])
      expect(unescapedText(s)).toBeNull();
  });

  it('never makes a character that is no character', () => {
    expect(unescapedText('&#55296;Ко')).toBeNull();
    expect(unescapedText('&#99999999;')).toBeNull();
  });
});

describe('unescapedText on JSON surrogates', () => {
  it('reads a pair as one character and refuses a lone half', () => {
    expect(unescapedText('\\ud835\\udc0a')).toBe('𝐊');
    expect(unescapedText('\\ud835Ко')).toBeNull();
  });
});
