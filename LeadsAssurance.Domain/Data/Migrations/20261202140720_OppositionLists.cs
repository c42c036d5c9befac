using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace LeadsAssurance.Domain.Data.Migrations
{
    /// <inheritdoc />
    public partial class OppositionLists : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "opposition_version",
                table: "leads",
                type: "integer",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "opposition_list_head",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_opposition_list_head", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "opposition_list_versions",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    version = table.Column<int>(type: "integer", nullable: true),
                    source = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false, collation: "C"),
                    description = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    actor_id = table.Column<Guid>(type: "uuid", nullable: true),
                    started_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    completed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    read = table.Column<int>(type: "integer", nullable: false),
                    added = table.Column<int>(type: "integer", nullable: false),
                    invalid = table.Column<int>(type: "integer", nullable: false),
                    withdrawn = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_opposition_list_versions", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "opposition_entries",
                columns: table => new
                {
                    digest = table.Column<byte[]>(type: "bytea", maxLength: 32, nullable: false),
                    kind = table.Column<short>(type: "smallint", nullable: false),
                    list_id = table.Column<int>(type: "integer", nullable: false),
                    added_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_opposition_entries", x => x.digest);
                    table.CheckConstraint("ck_opposition_entries_digest", "octet_length(digest) = 32");
                    table.ForeignKey(
                        name: "fk_opposition_entries_opposition_list_versions_list_id",
                        column: x => x.list_id,
                        principalTable: "opposition_list_versions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.InsertData(
                table: "opposition_list_head",
                columns: new[] { "id", "updated_at", "version" },
                values: new object[] { 1, new DateTimeOffset(new DateTime(2026, 12, 2, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), 0 });

            migrationBuilder.CreateIndex(
                name: "ix_opposition_entries_list_id",
                table: "opposition_entries",
                column: "list_id");

            migrationBuilder.CreateIndex(
                name: "ix_opposition_list_versions_version",
                table: "opposition_list_versions",
                column: "version",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "opposition_entries");

            migrationBuilder.DropTable(
                name: "opposition_list_head");

            migrationBuilder.DropTable(
                name: "opposition_list_versions");

            migrationBuilder.DropColumn(
                name: "opposition_version",
                table: "leads");
        }
    }
}
