using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LeadsAssurance.Domain.Data.Migrations
{
    /// <inheritdoc />
    public partial class PriceSchedule : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<decimal>(
                name: "price_floor",
                table: "products",
                type: "numeric(12,2)",
                precision: 12,
                scale: 2,
                nullable: true);

            migrationBuilder.AddColumn<decimal>(
                name: "price_step",
                table: "products",
                type: "numeric(12,2)",
                precision: 12,
                scale: 2,
                nullable: true);

            migrationBuilder.AddColumn<TimeSpan>(
                name: "price_step_interval",
                table: "products",
                type: "interval",
                nullable: true);

            migrationBuilder.AddColumn<decimal>(
                name: "price_floor",
                table: "leads",
                type: "numeric(12,2)",
                precision: 12,
                scale: 2,
                nullable: true);

            migrationBuilder.AddColumn<decimal>(
                name: "price_step",
                table: "leads",
                type: "numeric(12,2)",
                precision: 12,
                scale: 2,
                nullable: true);

            migrationBuilder.AddColumn<TimeSpan>(
                name: "price_step_interval",
                table: "leads",
                type: "interval",
                nullable: true);

            migrationBuilder.AddCheckConstraint(
                name: "ck_products_price_schedule",
                table: "products",
                sql: "(price_floor is null) = (price_step is null) and (price_step is null) = (price_step_interval is null) and (price_step is null or (price_floor > 0 and price_floor <= price and price_step > 0 and price_step_interval >= interval '1 minute'))");

            migrationBuilder.AddCheckConstraint(
                name: "ck_leads_price_schedule",
                table: "leads",
                sql: "(price_floor is null) = (price_step is null) and (price_step is null) = (price_step_interval is null) and (price_step is null or (price_floor > 0 and price_floor <= price and price_step > 0 and price_step_interval >= interval '1 minute'))");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropCheckConstraint(
                name: "ck_products_price_schedule",
                table: "products");

            migrationBuilder.DropCheckConstraint(
                name: "ck_leads_price_schedule",
                table: "leads");

            migrationBuilder.DropColumn(
                name: "price_floor",
                table: "products");

            migrationBuilder.DropColumn(
                name: "price_step",
                table: "products");

            migrationBuilder.DropColumn(
                name: "price_step_interval",
                table: "products");

            migrationBuilder.DropColumn(
                name: "price_floor",
                table: "leads");

            migrationBuilder.DropColumn(
                name: "price_step",
                table: "leads");

            migrationBuilder.DropColumn(
                name: "price_step_interval",
                table: "leads");
        }
    }
}
