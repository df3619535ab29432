export { chinaHolidays, type HolidayFile, type HolidayTable, holidayTable } from './holidays.ts';
export * from './working-calendar.ts';
