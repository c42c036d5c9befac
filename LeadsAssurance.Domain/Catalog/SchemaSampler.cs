using System.Globalization;
using System.Text.Json.Nodes;
using Bogus;

namespace LeadsAssurance.Domain.Catalog;

/// <summary>Makes plausible attribute documents for a product's schema: demo data, tests, benchmarks.</summary>
public static class SchemaSampler
{
    public static JsonObject Sample(string schemaJson, Randomizer random, DateOnly today)
    {
        var schema = JsonNode.Parse(schemaJson)!.AsObject();
        var required = schema["required"]?.AsArray().Select(n => n!.GetValue<string>()).ToHashSet() ?? [];
        var result = new JsonObject();
        foreach (var (name, node) in schema["properties"]!.AsObject())
        {
            if (!required.Contains(name) && random.Bool(0.3f))
                continue;
            result[name] = SampleValue(node!.AsObject(), random, today);
        }
        return result;
    }

    private static JsonNode? SampleValue(JsonObject p, Randomizer random, DateOnly today)
    {
        if (p["enum"] is JsonArray values)
            return values[random.Number(values.Count - 1)]!.DeepClone();
        var type = p["type"]?.GetValue<string>();
        switch (type)
        {
            case "boolean":
                return random.Bool();
            case "integer":
            {
                var min = (long)(p["minimum"]?.GetValue<decimal>() ?? 0);
                var max = (long)(p["maximum"]?.GetValue<decimal>() ?? min + 10);
                return random.Long(min, Math.Min(max, min + 20));
            }
            case "number":
            {
                var min = p["minimum"]?.GetValue<decimal>() ?? 0m;
                var max = p["maximum"]?.GetValue<decimal>() ?? min + 1000m;
                var span = Math.Min(max - min, Math.Max(1000m, (max - min) / 4));
                var value = min + span * (decimal)random.Double();
                var step = span >= 10_000m ? 1000m : span >= 100m ? 10m : 1m;
                return Math.Clamp(Math.Round(value / step) * step, min, max);
            }
        }
        if (p["format"]?.GetValue<string>() == "date")
            return SampleDate(p, random, today).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var pattern = p["pattern"]?.GetValue<string>();
        if (pattern is not null)
            return SamplePattern(pattern, random);
        var maxLength = p["maxLength"]?.GetValue<int>() ?? 40;
        var text = new Faker("fr").Commerce.ProductName();
        return text.Length > maxLength ? text[..maxLength] : text;
    }

    private static DateOnly SampleDate(JsonObject p, Randomizer random, DateOnly today)
    {
        if (p["x-minAge"] is not null || p["x-maxAge"] is not null)
        {
            var minAge = p["x-minAge"]?.GetValue<int>() ?? 18;
            var maxAge = p["x-maxAge"]?.GetValue<int>() ?? 90;
            var age = random.Number(minAge, Math.Max(minAge, maxAge - 1));
            return today.AddYears(-age).AddDays(-random.Number(1, 360));
        }
        var ahead = p["x-maxDaysAhead"]?.GetValue<int>() ?? 90;
        return today.AddDays(random.Number(1, Math.Max(1, Math.Min(ahead, 120))));
    }

    private static string SamplePattern(string pattern, Randomizer random) =>
        new Fare.Xeger(pattern.TrimStart('^').TrimEnd('$'), new Random(random.Number(int.MaxValue))).Generate();
}
