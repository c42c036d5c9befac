using System.Text.Json.Nodes;
using Bogus;
using LeadsAssurance.Domain.Catalog;
using Microsoft.Extensions.Time.Testing;
using NJsonSchema;

namespace LeadsAssurance.Tests.Domain;

/// <summary>
/// The quick conformance check must never change a validation result: over the 18 catalogue schemas, valid samples
/// and thousands of broken variants give exactly what NJsonSchema alone gives.
/// </summary>
public class ConformingDocumentsTests
{
    private static readonly DateOnly Today = new(2026, 11, 24);
    private readonly AttributeValidator _validator = new(new FakeTimeProvider(new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero)));

    public static TheoryData<string> Products => [.. CatalogSeed.LoadDefinitions().Select(p => p.Code)];

    /// <summary>Values that break, bend or just test each keyword, as raw JSON.</summary>
    private static IEnumerable<string> Variants(JsonObject schemaProperty, JsonNode? valid)
    {
        yield return "null";
        yield return "[]";
        yield return "{}";
        yield return "true";
        yield return "\"texte\"";
        yield return "\"\"";
        yield return "0";
        yield return "-1";
        yield return "1.5";
        yield return "3.0";
        yield return "1e2";
        yield return "-0";
        yield return "123456789012345678901234567890";
        yield return "\"٣٤٥\"";
        yield return "\"e\u0301\"";
        yield return "\"ÉLOÏSE\"";
        yield return "\"2020-02-30\"";
        yield return "\"2020-1-01\"";
        yield return "\"2020-01-01T00:00:00\"";
        yield return "\"1900-01-01\"";
        yield return $"\"{Today:yyyy-MM-dd}\"";
        yield return $"\"{Today.AddDays(400):yyyy-MM-dd}\"";
        yield return $"\"{Today.AddYears(-18).AddDays(1):yyyy-MM-dd}\"";
        yield return "\"AB-123-CD\"";
        yield return "\"ab-123-cd\"";
        yield return "\"12345678901234\"";
        yield return "\"" + new string('x', 300) + "\"";
        if (schemaProperty["minimum"] is { } min)
        {
            yield return min.ToJsonString();
            yield return (min.GetValue<decimal>() - 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
            yield return (min.GetValue<decimal>() - 0.01m).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        if (schemaProperty["maximum"] is { } max)
        {
            yield return max.ToJsonString();
            yield return (max.GetValue<decimal>() + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        if (schemaProperty["enum"] is JsonArray values)
            foreach (var v in values)
            {
                yield return v!.ToJsonString();
                yield return JsonValue.Create(v.GetValue<string>().ToUpperInvariant() + " ")!.ToJsonString();
            }
        if (valid is JsonValue { } s && s.TryGetValue<string>(out var text))
        {
            yield return JsonValue.Create(text + "x")!.ToJsonString();
            yield return JsonValue.Create(" " + text)!.ToJsonString();
        }
    }

    private async Task AssertSameAsNJsonSchemaAsync(string schemaJson, JsonSchema schema, string json)
    {
        var actual = await _validator.ValidateAsync(schemaJson, json);
        var expected = AttributeValidator.ValidateWithNJsonSchema(schema, json, Today);
        actual.Keys.Should().BeEquivalentTo(expected.Keys, "for {0}", json);
        foreach (var (key, messages) in expected)
            actual[key].Should().BeEquivalentTo(messages, "for {0}", json);
    }

    [Theory]
    [MemberData(nameof(Products))]
    [Trait("Category", "Slow")] // thousands of documents per product: some 40 s of CPU for the eighteen
    public async Task EveryCatalogueSchemaGivesTheSameResultsWithAndWithoutTheQuickCheck(string productCode)
    {
        var product = CatalogSeed.LoadDefinitions().Single(p => p.Code == productCode);
        var schemaJson = product.AttributesSchema;
        var schema = await JsonSchema.FromJsonAsync(schemaJson);
        var quick = ConformingDocuments.For(schemaJson);
        var properties = JsonNode.Parse(schemaJson)!["properties"]!.AsObject();
        var random = new Randomizer(42);
        var checkedDocuments = 0;
        var quicklyConfirmed = 0;

        quick.Should().NotBeNull("every catalogue schema stays within the quick check's subset");
        for (var n = 0; n < 20; n++)
        {
            var sample = SchemaSampler.Sample(schemaJson, random, Today);
            if (quick!.Conforms(sample.ToJsonString(), out _))
                quicklyConfirmed++;
            await AssertSameAsNJsonSchemaAsync(schemaJson, schema, sample.ToJsonString());
            checkedDocuments++;
            foreach (var (name, definition) in properties)
            {
                var without = sample.DeepClone().AsObject();
                without.Remove(name);
                await AssertSameAsNJsonSchemaAsync(schemaJson, schema, without.ToJsonString());
                foreach (var variant in Variants(definition!.AsObject(), sample[name]).Distinct())
                {
                    var changed = sample.DeepClone().AsObject();
                    changed[name] = JsonNode.Parse(variant);
                    await AssertSameAsNJsonSchemaAsync(schemaJson, schema, changed.ToJsonString());
                    checkedDocuments++;
                }
            }
            var extra = sample.DeepClone().AsObject();
            extra["inconnu"] = "x";
            await AssertSameAsNJsonSchemaAsync(schemaJson, schema, extra.ToJsonString());
            // A repeated key, which a JSON object model cannot hold.
            var first = properties.First().Key;
            await AssertSameAsNJsonSchemaAsync(schemaJson, schema, sample.ToJsonString().TrimEnd('}') + $",\"{first}\":null}}");
            await AssertSameAsNJsonSchemaAsync(schemaJson, schema, "[]");
            await AssertSameAsNJsonSchemaAsync(schemaJson, schema, "{}");
        }

        checkedDocuments.Should().BeGreaterThan(500);
        quicklyConfirmed.Should().Be(20, "valid samples take the quick path");
    }

    [Fact]
    public void SchemasBeyondTheSubsetAreLeftToNJsonSchema()
    {
        ConformingDocuments.For("""{"type":"object","additionalProperties":false,"properties":{"a":{"type":"string","const":"x"}}}""").Should().BeNull();
        ConformingDocuments.For("""{"type":"object","properties":{"a":{"type":"string"}}}""").Should().BeNull("additional properties allowed");
        ConformingDocuments.For("""{"type":"object","additionalProperties":false,"properties":{"a":{"type":["string","null"]}}}""").Should().BeNull();
        ConformingDocuments.For("""{"type":"object","additionalProperties":false,"properties":{"a":{"type":"array","items":{"type":"string"}}}}""").Should().BeNull();
        ConformingDocuments.For("""{"type":"object","additionalProperties":false,"allOf":[],"properties":{}}""").Should().BeNull();
    }
}
