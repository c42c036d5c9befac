using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LeadsAssurance.Domain.Data.Migrations
{
    /// <inheritdoc />
    public partial class PartnerLists : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "partner_list",
                table: "consent_records",
                type: "character varying(120)",
                maxLength: 120,
                nullable: true,
                collation: "C");

            migrationBuilder.CreateTable(
                name: "partner_lists",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    provider_id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_partner_lists", x => x.id);
                    table.ForeignKey(
                        name: "fk_partner_lists_asp_net_users_provider_id",
                        column: x => x.provider_id,
                        principalTable: "AspNetUsers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "partner_list_versions",
                columns: table => new
                {
                    list_id = table.Column<Guid>(type: "uuid", nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false),
                    url = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    snapshot = table.Column<string>(type: "text", nullable: false),
                    sha256 = table.Column<string>(type: "character(64)", fixedLength: true, maxLength: 64, nullable: false, collation: "C"),
                    names = table.Column<List<string>>(type: "text[]", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_partner_list_versions", x => new { x.list_id, x.version });
                    table.ForeignKey(
                        name: "fk_partner_list_versions_partner_lists_list_id",
                        column: x => x.list_id,
                        principalTable: "partner_lists",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_partner_lists_provider_id",
                table: "partner_lists",
                column: "provider_id");

            // A published version is what leads' proofs commit to: never changed (refuse_change: InitialSchema).
            migrationBuilder.Sql("""
                create trigger partner_list_versions_append_only before update or delete on partner_list_versions
                    for each row execute function refuse_change();
                create trigger partner_list_versions_no_truncate before truncate on partner_list_versions
                    for each statement execute function refuse_change();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "partner_list_versions");

            migrationBuilder.DropTable(
                name: "partner_lists");

            migrationBuilder.DropColumn(
                name: "partner_list",
                table: "consent_records");
        }
    }
}
