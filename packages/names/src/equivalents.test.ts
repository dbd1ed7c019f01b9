import { describe, expect, it } from 'vitest';
import { equivalentClassOf, givenNameClassOf } from './givenNameIndex.js';
import { nameKeys } from './keys.js';
import { parseNameFields } from './parse.js';

// Hold-out 9 (bench/holdout9.ts given_translated, father_name). Generated people only.
describe('a given name as another language says it', () => {
  it.each([
    ['Andrew', 'andrii'],
    ['John', 'ivan'],
    ['Michael', 'mykhailo'],
    ['Stephen', 'stepan'],
    ['Gregory', 'hryhorii'],
    ['Matthew', 'matvii'],
    ['Andreas', 'andrii'],
    ['Johann', 'ivan'],
    ['Andrzej', 'andrii'],
    ['Helen', 'olena'],
    ['Catherine', 'kateryna'],
    ['Katharina', 'kateryna'],
    ['Elizabeth', 'yelyzaveta'],
    ['Sophie', 'sofiia'],
    ['Mary', 'mariia'],
    ['ANDREW', 'andrii'],
  ])('%s is of class %s', (written, id) => {
    expect(equivalentClassOf(written)?.id).toBe(id);
    expect(nameKeys(parseNameFields('Kovalenko', written, '')).given).toBe(id);
  });

  // Hold-out 18 (bench/holdout18.ts spelling_it_es): Spanish writes х as j (Mijaíl, Jristina).
  it.each([
    ['Mijail', 'mykhailo'],
    ['Mijaíl', 'mykhailo'],
    ['Mijailo', 'mykhailo'],
    ['Jristina', 'khrystyna'],
  ])('the Spanish spelling %s is of class %s', (written, id) => {
    expect(equivalentClassOf(written)?.id).toBe(id);
    expect(nameKeys(parseNameFields('Kovalenko', written, '')).given).toBe(id);
  });

  it('George is both Yurii and Heorhii, and settles neither', () => {
    expect(equivalentClassOf('George')).toBeNull();
    expect(nameKeys(parseNameFields('Kovalenko', 'George', '')).given).toBe('x:george');
  });

  it('a surname that sounds like one stays a surname, and is not a given name by spelling alone', () => {
    // Andrew's skeleton is Андреев's: the swapped fields are still put back, and Андреев is no given name.
    expect(givenNameClassOf('Андреев')).toBeNull();
    expect(equivalentClassOf('Андреев')).toBeNull();
    expect(equivalentClassOf('Andreev')).toBeNull();
    expect(nameKeys(parseNameFields('Петро', 'Андреев', ''))).toMatchObject({
      family: 'andrev',
      given: 'petro',
    });
  });
});

// Hold-out 10 (bench/holdout10.ts church_form): a parish's, a chaplain's or an old registry's list writes the
// church (baptismal) form of a given name. Generated people only.
describe('a given name in its church form', () => {
  it.each([
    ['Іоанн', 'ivan'],
    ['Иоанн', 'ivan'],
    ['Іоан', 'ivan'],
    ['Ioann', 'ivan'],
    ['Стефан', 'stepan'],
    ['Симеон', 'semen'],
    ['Simeon', 'semen'],
    ['Димитрій', 'dmytro'],
    ['Димитрий', 'dmytro'],
    ['Dimitrii', 'dmytro'],
    ['Матфей', 'matvii'],
    ['Matfei', 'matvii'],
    ['Косма', 'kuzma'],
    ['Козьма', 'kuzma'],
    ['ІОАНН', 'ivan'],
  ])('%s is of class %s', (written, id) => {
    expect(nameKeys(parseNameFields('Коваленко', written, '')).given).toBe(id);
  });

  it('only in the given-name field: a surname of that spelling stays a surname', () => {
    expect(nameKeys(parseNameFields('Симеон', 'Андрій', ''))).toMatchObject({
      family: 'simeon',
      given: 'andrii',
    });
    expect(nameKeys(parseNameFields('Косма', 'Andrii', ''))).toMatchObject({
      family: 'kosma',
      given: 'andrii',
    });
  });
});

describe("the father's given name where the patronymic goes", () => {
  it.each([
    ['Петро', 'petro'],
    ['Пётр', 'petro'],
    ['Petro', 'petro'],
    ['Mykola', 'mykola'],
    ['син Петра', 'petro'],
    ['сын Петра', 'petro'],
    ['син Андрія', 'andrii'],
    ['син Василя', 'vasyl'],
    ['син Павла', 'pavlo'],
    ['дочка Миколи', 'mykola'],
    ['дочь Николая', 'mykola'],
    ['s/o Petro', 'petro'],
    ['son of Mykola', 'mykola'],
  ])('%s gives the father %s', (written, id) => {
    expect(nameKeys(parseNameFields('Коваленко', 'Андрій', written)).father).toBe(id);
  });

  it("a woman's name there, or a word that is no name, gives no father", () => {
    expect(nameKeys(parseNameFields('Коваленко', 'Андрій', 'Олена')).father).toBeNull();
    expect(nameKeys(parseNameFields('Коваленко', 'Андрій', 'син')).father).toBeNull();
    expect(nameKeys(parseNameFields('Коваленко', 'Андрій', 'Петренко')).father).toBeNull();
  });

  it('beside a patronymic in the given-name field, the two fields are swapped: no father is read', () => {
    expect(nameKeys(parseNameFields('Коваленко', 'Петрович', 'Андрій')).father).toBeNull();
    expect(nameKeys(parseNameFields('Klymchiuk', 'Bogdanovich', 'Andrei')).father).toBeNull();
    expect(nameKeys(parseNameFields('Гайденко', 'Яремович', 'Левко')).father).toBeNull();
    expect(nameKeys(parseNameFields('Коваленко', '', 'Петро')).father).toBeNull();
  });

  it('a patronymic is read as before', () => {
    expect(nameKeys(parseNameFields('Коваленко', 'Андрій', 'Петрович')).father).toBe('petro');
  });
});
