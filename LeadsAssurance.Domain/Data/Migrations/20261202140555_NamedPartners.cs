using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LeadsAssurance.Domain.Data.Migrations
{
    /// <inheritdoc />
    public partial class NamedPartners : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "require_named_partner",
                table: "products",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string[]>(
                name: "partner_keys",
                table: "leads",
                type: "text[]",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "named_partner_only",
                table: "flows",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string[]>(
                name: "partner_keys",
                table: "AspNetUsers",
                type: "text[]",
                nullable: true);

            migrationBuilder.AddColumn<List<string>>(
                name: "trade_names",
                table: "AspNetUsers",
                type: "text[]",
                nullable: false,
                defaultValueSql: "'{}'::text[]");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "require_named_partner",
                table: "products");

            migrationBuilder.DropColumn(
                name: "partner_keys",
                table: "leads");

            migrationBuilder.DropColumn(
                name: "named_partner_only",
                table: "flows");

            migrationBuilder.DropColumn(
                name: "partner_keys",
                table: "AspNetUsers");

            migrationBuilder.DropColumn(
                name: "trade_names",
                table: "AspNetUsers");
        }
    }
}
