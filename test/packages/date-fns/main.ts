// date-fns 4 (hundreds of small ES modules, option objects, constructors from dates): formatting,
// parsing, arithmetic, differences, intervals, locales and validation, all in UTC-independent
// calendar values (every date is built from its parts and printed with format()).

import {
  add,
  addBusinessDays,
  addDays,
  addMonths,
  areIntervalsOverlapping,
  closestTo,
  compareAsc,
  differenceInBusinessDays,
  differenceInCalendarWeeks,
  differenceInDays,
  differenceInMonths,
  eachDayOfInterval,
  eachWeekendOfMonth,
  endOfMonth,
  endOfWeek,
  format,
  formatDistance,
  formatDistanceStrict,
  formatDuration,
  formatISO,
  formatRelative,
  getDay,
  getISOWeek,
  getQuarter,
  intervalToDuration,
  isAfter,
  isLeapYear,
  isSameWeek,
  isValid,
  isWeekend,
  lastDayOfMonth,
  max,
  min,
  nextFriday,
  parse,
  parseISO,
  roundToNearestMinutes,
  setDay,
  startOfISOWeekYear,
  startOfWeek,
  sub,
  subMonths,
  eachMonthOfInterval,
} from 'date-fns';
import { de, fr, ja } from 'date-fns/locale';

const out = (label: string, value: unknown) => console.log(`${label}:`, JSON.stringify(value));
const f = (d: Date) => format(d, 'yyyy-MM-dd HH:mm:ss');

const base = new Date(2024, 1, 28, 13, 45, 30); // 28 Feb 2024 (a leap year)
out('format', [f(base), format(base, "EEEE, do 'of' MMMM yyyy, h:mm a"), format(base, 'QQQ yyyy, II, DDD', { useAdditionalDayOfYearTokens: true }), format(base, 'PPPP')]);
out('locales', [format(base, 'PPPP', { locale: de }), format(base, 'PPPP', { locale: fr }), format(base, 'PPPP', { locale: ja })]);
out('add/sub', [f(addDays(base, 2)), f(addMonths(base, 12)), f(add(base, { years: 1, months: 1, days: 1, hours: 11 })), f(sub(base, { weeks: 9 })), f(subMonths(new Date(2024, 2, 31), 1))]);
out('business days', [f(addBusinessDays(base, 3)), differenceInBusinessDays(new Date(2024, 2, 15), base)]);
out('differences', [differenceInDays(new Date(2024, 11, 25), base), differenceInMonths(new Date(2025, 0, 1), base), differenceInCalendarWeeks(new Date(2024, 2, 31), base, { weekStartsOn: 1 })]);
out('start/end', [f(startOfWeek(base)), f(endOfWeek(base, { weekStartsOn: 1 })), f(endOfMonth(base)), f(lastDayOfMonth(new Date(2023, 1, 1))), f(startOfISOWeekYear(base))]);
out('getters', [getDay(base), getISOWeek(base), getQuarter(base), isLeapYear(base), isWeekend(base), isWeekend(nextFriday(base))]);
out('parse', [f(parse('03/04/2021 17:05', 'dd/MM/yyyy HH:mm', base)), isValid(parse('31/02/2021', 'dd/MM/yyyy', base)), f(parseISO('2021-07-04T10:20:30')), f(parse('2 mars 2022', 'd MMMM yyyy', base, { locale: fr }))]);
out('compare', [compareAsc(base, addDays(base, 1)), isAfter(base, addDays(base, -1)), f(max([base, addDays(base, 5)])), f(min([base, addDays(base, -5)])), f(closestTo(base, [addDays(base, 10), addDays(base, -2)])!)]);
const interval = { start: new Date(2024, 1, 26), end: new Date(2024, 2, 3) };
out('intervals', [eachDayOfInterval(interval).map((d) => format(d, 'EEE d')), areIntervalsOverlapping(interval, { start: new Date(2024, 2, 1), end: new Date(2024, 3, 1) }), eachWeekendOfMonth(base).map((d) => d.getDate()), eachMonthOfInterval({ start: base, end: new Date(2024, 5, 1) }).map((d) => format(d, 'MMM'))]);
out('duration', [intervalToDuration({ start: base, end: new Date(2025, 4, 1, 1, 2, 3) }), formatDuration({ years: 1, months: 2, days: 3 }), formatDuration({ hours: 2, minutes: 5 }, { format: ['minutes'], locale: de })]);
out('distance', [formatDistance(base, addDays(base, 40)), formatDistance(base, new Date(2024, 1, 28, 13, 45, 50), { includeSeconds: true }), formatDistanceStrict(base, addMonths(base, 3), { unit: 'day' }), formatDistance(base, addDays(base, 3), { addSuffix: true, locale: ja })]);
out('relative', [formatRelative(addDays(base, -1), base), formatRelative(addDays(base, 3), base), formatRelative(addDays(base, 30), base)]);
out('misc', [f(setDay(base, 0, { weekStartsOn: 1 })), isSameWeek(base, addDays(base, 3), { weekStartsOn: 1 }), f(roundToNearestMinutes(base, { nearestTo: 15 })), formatISO(base, { representation: 'date' })]);
out('invalid', [isValid(new Date(Number.NaN)), (() => { try { return format(new Date(Number.NaN), 'yyyy'); } catch (e) { return `${(e as Error).name}: ${(e as Error).message}`; } })()]);
