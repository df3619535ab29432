import type { ErrorEntry } from './error-entry.ts';

/** Backup and restore of an installation (CLI only: these never reach HTTP). */
export const backupErrors = {
  BACKUP_NEEDS_EMBEDDED: {
    status: 400,
    zh: '此命令只备份内置数据库；PostgreSQL 服务器请用 pg_dump（见 docs/deploy.md）',
    en: 'This backs up the embedded database only; for a PostgreSQL server use pg_dump (see docs/deploy.md)',
  },
  BACKUP_TARGET_NOT_EMPTY: {
    status: 409,
    zh: '备份目录已存在且不为空',
    en: 'The backup directory exists and is not empty',
  },
  BACKUP_INVALID: {
    status: 400,
    zh: '备份不完整或已被修改（校验值不符）',
    en: 'The backup is incomplete or was altered (a checksum does not match)',
  },
  RESTORE_TARGET_NOT_EMPTY: {
    status: 409,
    zh: '恢复目标已有数据；请指定空的数据目录',
    en: 'The restore target already holds data; point it at an empty data dir',
  },
  RESTORE_MISMATCH: {
    status: 422,
    zh: '恢复后的数据与备份清单不一致',
    en: 'The restored data does not match the backup manifest',
  },
} as const satisfies Record<string, ErrorEntry>;
