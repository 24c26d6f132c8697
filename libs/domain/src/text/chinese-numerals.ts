// Chinese numerals as they appear in notices: counts (一项, 两场, 十五日), months and days
// (十一月二十日) and year digits (二〇二四, with the OCR/typing variants ○, O, 0 for 〇).

const DIGITS: Record<string, number> = {
  零: 0,
  〇: 0,
  '○': 0,
  O: 0,
  o: 0,
  Ｏ: 0,
  0: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};
const UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };

/** Regex source for one Chinese digit including the zero variants. */
export const CHINESE_DIGIT = '[零〇○OoＯ一二两三四五六七八九]';
/** Regex source for a Chinese integer up to the thousands (一, 十五, 二十, 一百二十). */
export const CHINESE_INTEGER = '[零〇○一二两三四五六七八九十百千]{1,6}';

/**
 * Parses an Arabic or Chinese integer ("15", "十五", "二十一", "两", "一百零五"); null if it is not one.
 * A run of digits without units ("二〇二四") is read digit by digit.
 */
export function parseNumber(text: string): number | null {
  const value = text.trim();
  if (value === '') return null;
  if (/^\d+$/.test(value)) return Number(value);
  if (![...value].every((c) => c in DIGITS || c in UNITS)) return null;
  if (![...value].some((c) => c in UNITS)) {
    return [...value].reduce((acc, c) => acc * 10 + DIGITS[c], 0);
  }
  let total = 0;
  let current = 0;
  for (const c of value) {
    if (c in UNITS) {
      total += (current === 0 ? 1 : current) * UNITS[c];
      current = 0;
    } else {
      current = DIGITS[c];
    }
  }
  return total + current;
}
