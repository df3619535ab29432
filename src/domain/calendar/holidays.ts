import y2020 from './holiday-cn/2020.json' with { type: 'json' };
import y2021 from './holiday-cn/2021.json' with { type: 'json' };
import y2022 from './holiday-cn/2022.json' with { type: 'json' };
import y2023 from './holiday-cn/2023.json' with { type: 'json' };
import y2024 from './holiday-cn/2024.json' with { type: 'json' };
import y2025 from './holiday-cn/2025.json' with { type: 'json' };
import y2026 from './holiday-cn/2026.json' with { type: 'json' };
import y2027 from './holiday-cn/2027.json' with { type: 'json' };

/** One file of NateScarlet/holiday-cn (MIT): see holiday-cn/SOURCE.md. */
export interface HolidayFile {
  year: number;
  days: { name: string; date: string; isOffDay: boolean }[];
}

/** Statutory holidays (true) and make-up working days (false) by local date, plus the years that were announced. */
export interface HolidayTable {
  days: ReadonlyMap<string, boolean>;
  knownYears: ReadonlySet<number>;
}

/** Builds the table; a file with no days is an unannounced year (holiday-cn ships an empty placeholder). */
export function holidayTable(files: readonly HolidayFile[]): HolidayTable {
  const days = new Map<string, boolean>();
  const knownYears = new Set<number>();
  for (const f of files) {
    if (f.days.length > 0) knownYears.add(f.year);
    for (const d of f.days) days.set(d.date, d.isOffDay);
  }
  return { days, knownYears };
}

export const chinaHolidays: HolidayTable = holidayTable([y2020, y2021, y2022, y2023, y2024, y2025, y2026, y2027]);
