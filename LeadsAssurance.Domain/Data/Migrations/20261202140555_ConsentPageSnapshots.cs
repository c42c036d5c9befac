using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LeadsAssurance.Domain.Data.Migrations
{
    /// <inheritdoc />
    public partial class ConsentPageSnapshots : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "checkbox_unchecked_by_default",
                table: "consent_records",
                type: "boolean",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "page_snapshot_sha256",
                table: "consent_records",
                type: "character(64)",
                fixedLength: true,
                maxLength: 64,
                nullable: true,
                collation: "C");

            migrationBuilder.CreateTable(
                name: "consent_page_snapshots",
                columns: table => new
                {
                    sha256 = table.Column<string>(type: "character(64)", fixedLength: true, maxLength: 64, nullable: false, collation: "C"),
                    html = table.Column<string>(type: "text", nullable: false),
                    size_bytes = table.Column<int>(type: "integer", nullable: false),
                    first_seen_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_consent_page_snapshots", x => x.sha256);
                });

            // Version 3 records carry a digest like version 2; a snapshot, like the records naming it, is never changed
            // (refuse_change: InitialSchema). Existing records are not touched: consent_records is append-only.
            migrationBuilder.Sql("""
                alter table consent_records drop constraint ck_consent_records_identity_digest;
                alter table consent_records add constraint ck_consent_records_identity_digest
                    check ((format_version = 1 and identity_digest is null) or (format_version >= 2 and identity_digest is not null));
                create trigger consent_page_snapshots_append_only before update or delete on consent_page_snapshots
                    for each row execute function refuse_change();
                create trigger consent_page_snapshots_no_truncate before truncate on consent_page_snapshots
                    for each statement execute function refuse_change();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                alter table consent_records drop constraint ck_consent_records_identity_digest;
                alter table consent_records add constraint ck_consent_records_identity_digest
                    check ((format_version = 1 and identity_digest is null) or (format_version = 2 and identity_digest is not null));
                """);
            migrationBuilder.DropTable(
                name: "consent_page_snapshots");

            migrationBuilder.DropColumn(
                name: "checkbox_unchecked_by_default",
                table: "consent_records");

            migrationBuilder.DropColumn(
                name: "page_snapshot_sha256",
                table: "consent_records");
        }
    }
}
