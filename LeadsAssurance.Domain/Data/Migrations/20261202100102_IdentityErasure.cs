using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LeadsAssurance.Domain.Data.Migrations
{
    /// <inheritdoc />
    public partial class IdentityErasure : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "erased_at",
                table: "leads",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "identity_salt",
                table: "leads",
                type: "bytea",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "format_version",
                table: "consent_records",
                type: "integer",
                nullable: false,
                defaultValue: 1); // every record written before this migration hashed the identity in clear

            migrationBuilder.AddColumn<string>(
                name: "identity_digest",
                table: "consent_records",
                type: "character(64)",
                fixedLength: true,
                maxLength: 64,
                nullable: true,
                collation: "C");

            migrationBuilder.CreateTable(
                name: "identity_erasures",
                columns: table => new
                {
                    lead_id = table.Column<Guid>(type: "uuid", nullable: false),
                    proof_hash = table.Column<string>(type: "character(64)", fixedLength: true, maxLength: 64, nullable: false, collation: "C"),
                    format_version = table.Column<int>(type: "integer", nullable: false),
                    erased_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    requested_by = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false, collation: "C"),
                    actor_id = table.Column<Guid>(type: "uuid", nullable: true),
                    verified_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    residual_hash = table.Column<string>(type: "character(64)", fixedLength: true, maxLength: 64, nullable: true, collation: "C")
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_identity_erasures", x => x.lead_id);
                    table.ForeignKey(
                        name: "fk_identity_erasures_leads_lead_id",
                        column: x => x.lead_id,
                        principalTable: "leads",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_identity_erasures_erased_at",
                table: "identity_erasures",
                column: "erased_at");

            // A record's version and digest go together; the proofs of erasure are append-only (refuse_change: InitialSchema).
            migrationBuilder.Sql("""
                alter table consent_records add constraint ck_consent_records_identity_digest
                    check ((format_version = 1 and identity_digest is null) or (format_version = 2 and identity_digest is not null));
                create trigger identity_erasures_append_only before update or delete on identity_erasures
                    for each row execute function refuse_change();
                create trigger identity_erasures_no_truncate before truncate on identity_erasures
                    for each statement execute function refuse_change();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("alter table consent_records drop constraint ck_consent_records_identity_digest;");
            migrationBuilder.DropTable(
                name: "identity_erasures");

            migrationBuilder.DropColumn(
                name: "erased_at",
                table: "leads");

            migrationBuilder.DropColumn(
                name: "identity_salt",
                table: "leads");

            migrationBuilder.DropColumn(
                name: "format_version",
                table: "consent_records");

            migrationBuilder.DropColumn(
                name: "identity_digest",
                table: "consent_records");
        }
    }
}
