using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LeadsAssurance.Domain.Data.Migrations
{
    /// <inheritdoc />
    public partial class FlowNotifications : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "flow_notifications",
                table: "AspNetUsers",
                type: "character varying(16)",
                maxLength: 16,
                nullable: false,
                defaultValue: "None");

            migrationBuilder.CreateTable(
                name: "flow_digests",
                columns: table => new
                {
                    broker_id = table.Column<Guid>(type: "uuid", nullable: false),
                    day = table.Column<DateOnly>(type: "date", nullable: false),
                    sent_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_flow_digests", x => new { x.broker_id, x.day });
                    table.ForeignKey(
                        name: "fk_flow_digests_asp_net_users_broker_id",
                        column: x => x.broker_id,
                        principalTable: "AspNetUsers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "flow_digests");

            migrationBuilder.DropColumn(
                name: "flow_notifications",
                table: "AspNetUsers");
        }
    }
}
