using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Components;

namespace LeadsAssurance.Web.Components.Shared.SchemaForms;

public partial class SchemaForm
{
    private const string IsoDate = "yyyy-MM-dd";
    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");

    private IReadOnlyList<SchemaField> _fields = [];
    private string? _parsedSchema;
    private readonly HashSet<string> _touched = [];
    private Dictionary<string, IReadOnlyList<string>> _errors = [];

    /// <summary>The product's JSON Schema.</summary>
    [Parameter, EditorRequired] public string Schema { get; set; } = "{}";

    /// <summary>The attributes document; edits are written into it.</summary>
    [Parameter] public JsonObject Value { get; set; } = [];

    [Parameter] public EventCallback<JsonObject> ValueChanged { get; set; }

    [Parameter] public bool ReadOnly { get; set; }

    /// <summary>Errors returned by the server, keyed by attribute name; shown under their field.</summary>
    [Parameter] public IReadOnlyDictionary<string, string[]>? ServerErrors { get; set; }

    /// <summary>The current client-side errors, keyed by attribute name.</summary>
    public IReadOnlyDictionary<string, string[]> Errors =>
        _errors.Where(e => e.Value.Count > 0).ToDictionary(e => e.Key, e => e.Value.ToArray());

    public IReadOnlyList<SchemaField> Fields => _fields;

    protected override void OnParametersSet()
    {
        if (_parsedSchema == Schema)
            return;
        _parsedSchema = Schema;
        _fields = SchemaField.Parse(Schema);
        _touched.Clear();
        _errors = [];
    }

    /// <summary>Checks every field, shows the errors, and says whether the document can be sent.</summary>
    private static string RequiredMessage(SchemaField field) => $"« {field.Title} » est obligatoire.";

    public bool Validate()
    {
        foreach (var field in _fields)
        {
            _touched.Add(field.Name);
            _errors[field.Name] = SchemaFieldRules.Check(field, Value[field.Name], Today);
        }
        StateHasChanged();
        return _errors.Values.All(e => e.Count == 0);
    }

    private DateOnly Today => DateOnly.FromDateTime(Time.GetUtcNow().UtcDateTime);

    private async Task Set(SchemaField field, JsonNode? value)
    {
        if (value is null)
            Value.Remove(field.Name);
        else
            Value[field.Name] = value;
        _touched.Add(field.Name);
        _errors[field.Name] = SchemaFieldRules.Check(field, Value[field.Name], Today);
        await ValueChanged.InvokeAsync(Value);
    }

    private decimal? Number(SchemaField field) =>
        SchemaFieldRules.TryReadNumber(Value[field.Name], out var d) ? d : null;

    private DateTime? Date(SchemaField field) =>
        Value[field.Name] is JsonValue v && v.TryGetValue<string>(out var s)
            && DateTime.TryParseExact(s, IsoDate, CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;

    private string? ErrorText(SchemaField field)
    {
        var messages = new List<string>();
        if (_touched.Contains(field.Name) && _errors.TryGetValue(field.Name, out var client))
            messages.AddRange(client);
        if (ServerErrors is not null && ServerErrors.TryGetValue(field.Name, out var server))
            messages.AddRange(server);
        return messages.Count == 0 ? null : string.Join(" ", messages.Distinct());
    }

    private bool HasError(SchemaField field) => ErrorText(field) is not null;
}
