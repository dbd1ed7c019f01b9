import { describe, expect, it } from 'vitest';
import { joinSpacedLetters } from './spaced.js';

// Hold-out 13 (bench/holdout13.ts letter_spaced): a surname set with letter spacing, as a typewritten list or a PDF's
// text layer gives it, was keyed as one-letter words ("k o v a l e", every key of the person lost).
describe('joinSpacedLetters', () => {
  it.each([
    ['К о в а л е н к о', 'Коваленко'],
    ['К О В А Л Е Н К О', 'КОВАЛЕНКО'],
    ['K o v a l e n k o', 'Kovalenko'],
    ['К о в а л е н к о  А н д р і й   П е т р о в и ч', 'Коваленко  Андрій   Петрович'],
    ['Б о н д а р - К о в а л е н к о', 'Бондар-Коваленко'],
    ['П і д ’ я ч и й', 'Під’ячий'],
    ['Б и л', 'Бил'],
    ['К о в а л е н к о Андрій', 'Коваленко Андрій'],
    ['Г\u00a0а\u00a0р\u00a0е\u00a0ц', 'Гарец'],
    ['S t e p a n s k y i D m y t r y i', 'Stepanskyi Dmytryi'],
    ['I v a n Y u r ’ y e v i c h R u d e n k o', 'Ivan Yur’yevich Rudenko'],
    ['Л а ч а Вячеслав', 'Лача Вячеслав'],
  ])('reads %j as %j', (spaced, joined) => {
    expect(joinSpacedLetters(spaced)).toBe(joined);
  });

  it('leaves names, initials and short runs as written', () => {
    for (const s of [
      'Коваленко',
      'Коваленко А П',
      'Коваленко А. П.',
      'А П',
      'Ли Я Е',
      'Kovalenko A P K',
      'Коваленко Андрій Петрович',
      'А. П. Коваленко',
      'Ус Іван',
    ])
      expect(joinSpacedLetters(s)).toBeNull();
  });
});
