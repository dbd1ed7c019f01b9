/**
 * Generated people only: a registry in which a surname many men carry (Коваленко, nine records) beside two
 * others, in canonical CSV rows (external_id,source,category,family_name,given_name,patronymic,sex,
 * birth_date). A record or list row misspelling that surname (Ковалекно: letters swapped, close, not of
 * its phonetic code) weighs its agreement by the rarity of the commoner spelling (`spellingTf`), the
 * registry's: the tests that a score does not depend on its batch's other rows use it.
 */
export const KOVALENKO_REGISTRY: readonly string[] = [
  'k1,registry,military,Коваленко,Тарас,Іванович,male,1990-01-05',
  'k2,registry,military,Коваленко,Петро,Олегович,male,1971-03-02',
  'k3,registry,military,Коваленко,Андрій,Михайлович,male,1965-07-19',
  'k4,registry,military,Коваленко,Василь,Петрович,male,1982-11-30',
  'k5,registry,military,Коваленко,Юрій,Степанович,male,1977-05-08',
  'k6,registry,military,Коваленко,Роман,Богданович,male,1995-02-14',
  'k7,registry,military,Коваленко,Ігор,Васильович,male,1969-09-21',
  'k8,registry,military,Коваленко,Олег,Федорович,male,1986-04-03',
  'k9,registry,military,Коваленко,Сергій,Андрійович,male,1993-08-17',
  'm1,registry,military,Мельничук,Остап,Іванович,male,1984-06-12',
  'm2,registry,military,Гуменюк,Назар,Петрович,male,1979-10-09',
];
