using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LeadsAssurance.Domain.Data.Migrations
{
    /// <inheritdoc />
    public partial class ProductSchemaVersions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "schema_version",
                table: "products",
                type: "integer",
                nullable: false,
                defaultValue: 1);

            migrationBuilder.AddColumn<int>(
                name: "schema_version",
                table: "leads",
                type: "integer",
                nullable: false,
                defaultValue: 1);

            migrationBuilder.CreateTable(
                name: "product_schema_versions",
                columns: table => new
                {
                    product_code = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false),
                    schema = table.Column<string>(type: "jsonb", nullable: false),
                    created_by = table.Column<Guid>(type: "uuid", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_product_schema_versions", x => new { x.product_code, x.version });
                    table.CheckConstraint("ck_product_schema_versions_version", "version >= 1");
                    table.ForeignKey(
                        name: "fk_product_schema_versions_products_product_code",
                        column: x => x.product_code,
                        principalTable: "products",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Restrict);
                });

            // Every product's schema today is its version 1, and every lead was validated against it. Versions are
            // kept for good: the database refuses to change or delete one.
            migrationBuilder.Sql("""
                insert into product_schema_versions (product_code, version, schema, created_by, created_at)
                select code, 1, attributes_schema, null, now() from products;

                create trigger product_schema_versions_append_only before update or delete on product_schema_versions
                    for each row execute function refuse_change();
                create trigger product_schema_versions_no_truncate before truncate on product_schema_versions
                    for each statement execute function refuse_change();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("drop trigger product_schema_versions_append_only on product_schema_versions; "
                + "drop trigger product_schema_versions_no_truncate on product_schema_versions;");
            migrationBuilder.DropTable(
                name: "product_schema_versions");

            migrationBuilder.DropColumn(
                name: "schema_version",
                table: "products");

            migrationBuilder.DropColumn(
                name: "schema_version",
                table: "leads");
        }
    }
}
