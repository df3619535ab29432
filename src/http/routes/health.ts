import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { Type } from 'typebox';

export async function healthRoutes(app: FastifyInstance) {
  app.get(
    '/healthz',
    {
      config: { public: true },
      schema: {
        tags: ['system'],
        summary: 'Liveness and which database is in use',
        security: [],
        response: {
          200: Type.Object({
            status: Type.String(),
            database: Type.String(),
            location: Type.String(),
            schema: Type.Array(Type.String()),
          }),
          503: Type.Object({ status: Type.String(), database: Type.String(), error: Type.String() }),
        },
      },
    },
    async (_req, reply) => {
      const { database } = app.deps;
      try {
        const rows = await sql<{ name: string }>`select name from schema_migrations order by name`.execute(database.db);
        return {
          status: 'ok',
          database: database.kind,
          location: database.location,
          schema: rows.rows.map((r) => r.name),
        };
      } catch (err) {
        return reply
          .status(503)
          .send({ status: 'unavailable', database: database.kind, error: (err as Error).message });
      }
    },
  );
}
