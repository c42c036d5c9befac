using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LeadsAssurance.Domain.Data.Migrations
{
    /// <inheritdoc />
    public partial class SignedChainHeads : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "signed_chain_heads",
                columns: table => new
                {
                    day = table.Column<DateOnly>(type: "date", nullable: false),
                    position = table.Column<long>(type: "bigint", nullable: false),
                    head_hash = table.Column<string>(type: "character(64)", fixedLength: true, maxLength: 64, nullable: false, collation: "C"),
                    signed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    signature = table.Column<string>(type: "character varying(88)", maxLength: 88, nullable: false),
                    public_key = table.Column<string>(type: "character varying(44)", maxLength: 44, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_signed_chain_heads", x => x.day);
                });

            migrationBuilder.CreateIndex(
                name: "ix_signed_chain_heads_position",
                table: "signed_chain_heads",
                column: "position");

            // A seal, once made, is evidence: append-only like the consent records it covers.
            migrationBuilder.Sql("""
                create trigger signed_chain_heads_append_only before update or delete on signed_chain_heads
                    for each row execute function refuse_change();
                create trigger signed_chain_heads_no_truncate before truncate on signed_chain_heads
                    for each statement execute function refuse_change();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "signed_chain_heads");
        }
    }
}
