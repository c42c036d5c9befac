using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LeadsAssurance.Domain.Data.Migrations
{
    /// <inheritdoc />
    public partial class IngestionRefusals : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ingestion_refusals",
                columns: table => new
                {
                    provider_id = table.Column<Guid>(type: "uuid", nullable: false),
                    day = table.Column<DateOnly>(type: "date", nullable: false),
                    reason = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: false, collation: "C"),
                    count = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_ingestion_refusals", x => new { x.provider_id, x.day, x.reason });
                });

            // Backfill: the refusals already counted, under the two reasons ingestion_stats kept (duplicate, invalid), so
            // the dashboard's reasons sum to its refused leads from the start.
            migrationBuilder.Sql("""
                insert into ingestion_refusals (provider_id, day, reason, count)
                select provider_id, day, 'Duplicate', duplicates from ingestion_stats where duplicates > 0
                union all
                select provider_id, day, 'Invalid', invalid from ingestion_stats where invalid > 0
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ingestion_refusals");
        }
    }
}
