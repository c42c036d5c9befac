using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace LeadsAssurance.Web.Endpoints;

/// <summary>Money in the public API is a JSON number in euros with exactly two decimals (API.md).</summary>
public sealed class MoneyJsonConverter : JsonConverter<decimal>
{
    public override decimal Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.GetDecimal();

    public override void Write(Utf8JsonWriter writer, decimal value, JsonSerializerOptions options) =>
        writer.WriteRawValue(decimal.Round(value, 2, MidpointRounding.AwayFromZero).ToString("0.00", CultureInfo.InvariantCulture));
}
