import { describe, expect, it } from 'vitest';
import { withoutMarkup } from './markup.js';

// Hold-out 13 (bench/holdout13.ts markup): a web page's tags or a messenger's emphasis marks left in a name cell were
// keyed as words ("b kovalenko b", "span klas dmitrenko span").
describe('withoutMarkup', () => {
  it.each([
    ['<b>Коваленко</b>', 'Коваленко'],
    ['<strong>Коваленко</strong>', 'Коваленко'],
    ['<span class="name">Dmitrenko</span>', 'Dmitrenko'],
    ['<TD>Кулолганенко</TD>', 'Кулолганенко'],
    ['Коваленко<br>', 'Коваленко'],
    ['Коваленко<br />Андрій', 'Коваленко Андрій'],
    ['Chwadripyko<br/>', 'Chwadripyko'],
    ['**Коваленко**', 'Коваленко'],
    ['__Андрій__', 'Андрій'],
    ['_Коваленко_', 'Коваленко'],
    ['*Petrovich*', 'Petrovich'],
    ['**Коваленко** Андрій', 'Коваленко Андрій'],
    ['~~Коваленко~~', 'Коваленко'],
    ['<p>Андрій Петрович</p>', 'Андрій Петрович'],
  ])('reads %j as %j', (marked, plain) => {
    expect(withoutMarkup(marked)).toBe(plain);
  });

  it('leaves names, footnote marks and other signs as written', () => {
    for (const s of [
      'Коваленко',
      'Коваленко*',
      '*Коваленко',
      'Коваленко**',
      "O'Neil",
      'Коваленко <3',
      'a < b',
    ])
      expect(withoutMarkup(s)).toBeNull();
  });
});
