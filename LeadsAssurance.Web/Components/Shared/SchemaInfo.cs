using System.Text.Json.Nodes;

namespace LeadsAssurance.Web.Components.Shared;

/// <summary>Small facts about a product schema for lists.</summary>
public static class SchemaInfo
{
    public static int PropertyCount(string schemaJson) =>
        JsonNode.Parse(schemaJson)?["properties"]?.AsObject().Count ?? 0;
}
