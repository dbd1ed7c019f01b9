/**
 * A word's entry in a table of words that a user, a form or a file supplies, or undefined. A plain
 * `table[word]` also finds Object's own properties: "constructor" in a category column read as a function,
 * which reached the database and failed the whole import.
 */
export function wordIn<T>(table: Readonly<Record<string, T>>, word: string): T | undefined {
  return Object.hasOwn(table, word) ? table[word] : undefined;
}
