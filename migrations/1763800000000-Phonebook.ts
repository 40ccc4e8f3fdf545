import { MigrationInterface, QueryRunner } from 'typeorm';

export class Phonebook1763800000000 implements MigrationInterface {
  name = 'Phonebook1763800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "users" (
      "id" BIGSERIAL NOT NULL,
      "name" text NOT NULL,
      "email" text NOT NULL DEFAULT '',
      "pubkey" text NOT NULL,
      "host" text NOT NULL DEFAULT '',
      "description" text NOT NULL DEFAULT '',
      CONSTRAINT "users_name_lower" CHECK (name = lower(name)),
      CONSTRAINT "users_email_lower" CHECK (email = lower(email)),
      CONSTRAINT "PK_a3ffb1c0c8416b9fc6f907b7433" PRIMARY KEY ("id"))`);
    await q.query(`CREATE UNIQUE INDEX "users_name_unique" ON "users" ("name")`);
    await q.query(`CREATE UNIQUE INDEX "users_email_unique" ON "users" ("email") WHERE email <> ''`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "users"`);
  }
}
