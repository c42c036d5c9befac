using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace LeadsAssurance.Domain.Data.Migrations
{
    /// <inheritdoc />
    public partial class ContactReveals : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "contact_reveals",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    actor_id = table.Column<Guid>(type: "uuid", nullable: false),
                    broker_id = table.Column<Guid>(type: "uuid", nullable: true),
                    channel = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: false, collation: "C"),
                    lead_ids = table.Column<Guid[]>(type: "uuid[]", nullable: false),
                    detail = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_contact_reveals", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_contact_reveals_at",
                table: "contact_reveals",
                column: "at");

            migrationBuilder.CreateIndex(
                name: "ix_contact_reveals_broker_id_at",
                table: "contact_reveals",
                columns: new[] { "broker_id", "at" });

            migrationBuilder.CreateIndex(
                name: "ix_contact_reveals_lead_ids",
                table: "contact_reveals",
                column: "lead_ids")
                .Annotation("Npgsql:IndexMethod", "gin");

            // Append-only, like the consent records, the ledger and the audit log (refuse_change: InitialSchema).
            migrationBuilder.Sql("""
                create trigger contact_reveals_append_only before update or delete on contact_reveals
                    for each row execute function refuse_change();
                create trigger contact_reveals_no_truncate before truncate on contact_reveals
                    for each statement execute function refuse_change();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "contact_reveals");
        }
    }
}
