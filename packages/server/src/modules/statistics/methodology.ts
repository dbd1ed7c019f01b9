import type { DisclosureMethod } from './disclosure.js';

/** The methodology note a release carries, in Ukrainian and English, for its threshold and method. */
export function methodologyNote(
  threshold: number,
  method: DisclosureMethod,
  exchangeFigures = false,
  besideRelease: number | readonly number[] | null = null,
  consistentRounding = false,
): { uk: string; en: string } {
  const beside =
    besideRelease === null ? [] : typeof besideRelease === 'number' ? [besideRelease] : besideRelease;
  const control =
    method === 'suppression'
      ? {
          uk: [
            `Поріг k = ${threshold}. Нуль публікується як 0. Кількість від 1 до ${threshold - 1} не публікується (первинне приховування).`,
            'Додаткове приховування: у жодному рядку чи стовпці з опублікованим підсумком (включно з проміжними підсумками ієрархій, як-от «до 18 років») не лишається рівно одна прихована клітинка; для кожної прихованої клітинки методом лінійного програмування обчислюються найменше й найбільше значення, сумісні з усім опублікованим (усі таблиці випуску разом; приховані клітинки ≥ 1, бо нулі публікуються); якщо між ними лише одне ціле число, приховується ще одна клітинка поруч. Однакові числа в різних таблицях (підсумки за категоріями) приховуються або публікуються разом.',
            `Між випусками: кожен випуск приховується з огляду на всі попередні опубліковані випуски з приховуванням${beside.length === 0 ? '' : ` (№ ${beside.join(', ')})`}. Хто порівнює будь-які з цих випусків (усі разом чи кілька) й знає, скільки осіб змінилося між будь-якими двома з них (але не яких), не має змоги обчислити жодного прихованого числа від 1 до ${threshold - 1} у жодному з них: межі кожного такого числа обчислюються лінійним програмуванням за всіма випусками разом (зміна в кожній таблиці між будь-якими двома випусками — не більша за справжню, округлену вгору до парного числа), і якщо між ними лише одне ціле число, у новому випуску приховується ще одна клітинка поруч. Число, яке попередні випуски вже розкрили між собою, новий випуск захистити не може; кількість таких клітинок зазначається в журналі аудиту чернетки.`,
            'Правила відповідають практиці національної статистики (τ-ARGUS, sdcTable).',
          ].join(' '),
          en: [
            `Threshold k = ${threshold}. A count of 0 is published as 0. Counts from 1 to ${threshold - 1} are not published (primary suppression).`,
            'Complementary suppression: no row or column with a published total (subtotals of hierarchies such as "under 18" included) is left with exactly one hidden cell; then every hidden cell is bounded by linear programming against everything the release publishes (all its tables together; hidden cells ≥ 1 since zeros are published), and where the bounds leave a single whole number another cell beside it is hidden. A figure that appears in several tables (a category total) is hidden or shown in all of them.',
            `Across releases: each release is suppressed beside every earlier published release by suppression${beside.length === 0 ? '' : ` (no. ${beside.join(', ')})`}. Whoever compares any of them (all together or a few) and knows how many persons changed between any two of them (but not which) can compute no hidden count from 1 to ${threshold - 1} of any of them: every such count is bounded by linear programming over all the releases together (the change in each table between any two releases at most the true change rounded up to an even number), and where the bounds leave a single whole number another cell of the new release beside it is hidden. A count that earlier releases already give away between themselves cannot be protected by a new one; how many such cells there are is recorded in the draft's audit entry.`,
            'The rules follow national statistics practice (τ-ARGUS, sdcTable).',
          ].join(' '),
        }
      : {
          uk: `Випадкове округлення до кратного 3: кожне число замінюється сусіднім кратним 3 (вгору з імовірністю (число mod 3)/3, тож округлення незміщене); 0 і кратні 3 не змінюються. Підсумки округлюються незалежно, тому можуть не дорівнювати сумі складових. Нічого не приховується.${consistentRounding ? ' Напрям округлення числа визначає ключований геш клітинки та її справжнього значення (ключ сервера не публікується): число, що не змінилося, округлюється однаково в кожному випуску, тож порівняння чи усереднення кількох випусків не наближає до справжнього значення; змінене число округлюється заново.' : ' Напрям округлення вибирається в кожному випуску заново: усереднення кількох випусків незмінного числа наближає до справжнього значення.'}`,
          en: `Random rounding to base 3: each count is replaced by a neighbouring multiple of 3 (rounded up with probability (count mod 3)/3, so rounding is unbiased); 0 and multiples of 3 are unchanged. Totals are rounded independently and need not equal the sum of their parts. Nothing is suppressed.${consistentRounding ? ' Which way a count is rounded is decided by a keyed hash of its cell and true value (the server keeps the key): a count that did not change is rounded the same way in every release, so comparing or averaging releases brings no one closer to the true value; a count that changed is drawn anew.' : ' Which way a count is rounded is drawn anew in each release: averaging several releases of an unchanged count approaches its true value.'}`,
        };
  const common = {
    uk: [
      'Що рахується: особи реєстру (після об’єднання записів про одну людину) на момент «станом на»; категорія і статус — поточні, виведені з подій. Вік — повних років на дату випуску (за роком народження, якщо відомий лише рік). Особи, чиї дані не розкриваються (стаття 137 ЖК IV), входять лише до загальної кількості, яка ніде не розбивається.',
      'Повернені в обмінах: поки обміни не ведуться в реєстрі окремо, обміном вважається день події «повернувся в обміні»; особа рахується один раз на обмін. Наростаючий підсумок за місяцями складається з опублікованих чисел таблиці обмінів і приховується, якщо прихована хоч одна його складова; обміни без точної дати до нього не входять.',
      'Депортовані діти: особи категорії «депортована дитина» за поточним статусом (депортовані — місцеперебування невідоме; розшукані; повернуті; інше).',
      'Звернення про розшук ще не ведуться в реєстрі, тому таблиці звернень у випуску немає.',
      'Опублікований випуск не змінюється; виправлення — новий випуск, що зазначає, який випуск він виправляє і що саме.',
    ].join(' '),
    en: [
      "What is counted: the registry's persons (after records describing one human being are merged) at the as-of moment; category and status are the current ones, derived from events. Age is in whole years at the release date (from the birth year when only the year is known). Persons whose details are withheld (GC IV Art. 137) are counted only in the overall total, which is never broken down.",
      'Returned in exchanges: until exchanges are recorded in the registry as such, an exchange is the day of a "returned in exchange" event; a person is counted once per exchange. The cumulative figures by month are sums of the exchange table\'s published figures and are hidden when any figure they add up is hidden; exchanges without a full date are not in them.',
      'Deported children: persons of the category "deported child" by current status (deported — whereabouts unknown; located; returned; other).',
      'Tracing requests are not yet recorded in the registry, so the release has no table of them.',
      'A published release never changes; a correction is a new release that names the release it corrects and what it corrects.',
    ].join(' '),
  };
  const exchanges = exchangeFigures
    ? {
        uk: `Показники обмінів: особи, повернуті в обмінах, що ведуться в реєстрі (звірка після обміну), по одному разу на обмін; вони є частиною чисел таблиці обмінів за днями, і обидві таблиці проходять один контроль розкриття. Військові — за категорією особи; офіцери і цивільні — за категоріями запису в погодженому списку. Вік — повних років на день обміну. Тривалість полону — від першого повідомлення з повною датою про полон до дня обміну. Наймолодші й найстарші показуються лише віковою групою і лише якщо в ній щонайменше ${threshold} осіб і клітинку не приховано; медіана тривалості полону (повних місяців) — лише якщо тривалість відома щонайменше для ${threshold} осіб.`,
        en: `Exchange figures: persons returned in exchanges recorded in the registry (reconciled after the crossing), once per exchange; they are part of the exchange-by-day figures, and both tables go through one disclosure control. Military from the person's category; officers and civilians from the categories of the entry on the agreed list. Age in whole years on the day of the exchange. Time in captivity from the first full-dated report of captivity to the day of the exchange. The youngest and the oldest are shown only as an age band, and only when that band holds at least ${threshold} persons and its cell is shown; the median time in captivity (whole months) only when the time is known for at least ${threshold} persons.`,
      }
    : null;
  const tail = (lang: 'uk' | 'en') => (exchanges ? `\n\n${exchanges[lang]}` : '');
  return {
    uk: `${control.uk}\n\n${common.uk}${tail('uk')}`,
    en: `${control.en}\n\n${common.en}${tail('en')}`,
  };
}
