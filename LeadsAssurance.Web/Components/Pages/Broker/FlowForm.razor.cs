using LeadsAssurance.Domain;
using LeadsAssurance.Domain.Catalog;
using LeadsAssurance.Domain.Data;
using LeadsAssurance.Domain.Flows;
using Microsoft.AspNetCore.Components;

namespace LeadsAssurance.Web.Components.Pages.Broker;

/// <summary>
/// A flow's settings, generated from the chosen products' schemas. Checked as the broker types by the same
/// <see cref="FlowValidator"/> as the API (a field's French error shows once he has touched it, every one after a
/// submit), with a live estimate of the volume the criteria would have matched. Saving is the page's: it passes
/// <see cref="OnSave"/>, whose <see cref="ValidationFailedException"/> (the webhook's address, checked on the server)
/// shows on its field.
/// </summary>
public partial class FlowForm : ComponentBase, IDisposable
{
    private static readonly TimeSpan EstimateDelay = TimeSpan.FromMilliseconds(400);
    private static readonly (int Hours, string Label)[] ConsentAges =
        [(0, "Indifférent"), (1, "Moins d'1 heure"), (24, "Moins de 24 heures"), (72, "Moins de 3 jours"), (168, "Moins de 7 jours"), (720, "Moins de 30 jours")];
    /// <summary>A provider's quality score a flow may require; 0: any.</summary>
    private static readonly decimal[] ProviderScores = [0m, 3m, 3.5m, 4m, 4.5m];
    /// <summary>Fields whose errors say the criteria cannot be estimated yet.</summary>
    private static readonly string[] CriteriaFields = ["productCodes", "departements", "maxPrice", "maxConsentAgeHours", "minProviderScore"];

    [Parameter, EditorRequired] public IReadOnlyList<ProductSummary> Products { get; set; } = [];
    [Parameter, EditorRequired] public FlowDraft Draft { get; set; } = new();
    [Parameter, EditorRequired] public Func<FlowRequest, Task> OnSave { get; set; } = _ => Task.CompletedTask;
    /// <summary>How many leads of the last days the criteria would have matched; none: no estimate shown.</summary>
    [Parameter] public Func<FlowRequest, CancellationToken, Task<FlowEstimate>>? Estimate { get; set; }
    [Parameter] public string SubmitLabel { get; set; } = "Enregistrer";

    private IReadOnlyList<FlowCriterion> _criteria = [];
    private Dictionary<string, string[]> _errors = [];
    private Dictionary<string, string[]> _serverErrors = [];
    private readonly HashSet<string> _touched = [];
    private bool _submitted;
    private bool _saving;
    private string? _failure;
    private FlowEstimate? _estimate;
    private bool _estimating;
    private CancellationTokenSource? _pendingEstimate;

    protected override void OnInitialized()
    {
        _criteria = FlowCriterion.Shared(Products.Where(p => Draft.Products.Contains(p.Code)));
        Validate();
        ScheduleEstimate(TimeSpan.Zero);
    }

    private static Dictionary<string, object?> Test(string id) => new() { ["data-testid"] = id };

    private bool Has(string field) => Errors(field).Length > 0;

    private string? Text(string field) => Errors(field) is { Length: > 0 } e ? string.Join(" ", e) : null;

    private string[] Errors(string field) =>
        _serverErrors.TryGetValue(field, out var server) ? server
        : (_submitted || _touched.Contains(field)) && _errors.TryGetValue(field, out var own) ? own : [];

    private string ProductLabel(string? code) => Products.FirstOrDefault(p => p.Code == code)?.Label ?? code ?? "";

    private static string Plural(int count, string word, string none) => count switch { 0 => none, 1 => $"1 {word}", _ => $"{count} {word}s" };

    private void Change(Action change, string field)
    {
        change();
        _touched.Add(field);
        _serverErrors.Remove(field);
        _failure = null;
        Validate();
        if (field is not ("name" or "priority" or "webhookUrl" or "autoResume") && !field.StartsWith("caps.", StringComparison.Ordinal) && !field.StartsWith("schedule.", StringComparison.Ordinal))
            ScheduleEstimate(EstimateDelay);
    }

    private void ProductsChanged(IEnumerable<string> codes) => Change(() =>
    {
        Draft.Products = [.. codes];
        _criteria = FlowCriterion.Shared(Products.Where(p => Draft.Products.Contains(p.Code)));
        Draft.KeepCriteria(_criteria);
    }, "productCodes");

    private void Validate() => _errors = FlowValidator.Validate(Draft.ToRequest(), Products).Errors;

    private void ScheduleEstimate(TimeSpan delay)
    {
        _pendingEstimate?.Cancel();
        if (Estimate is null || Draft.Products.Count == 0 || _errors.Keys.Any(k => CriteriaFields.Contains(k) || k.StartsWith("attributes.", StringComparison.Ordinal)))
        {
            (_estimate, _estimating) = (null, false);
            return;
        }
        var cts = _pendingEstimate = new CancellationTokenSource();
        _estimating = true;
        var request = Draft.ToRequest();
        _ = InvokeAsync(async () =>
        {
            try
            {
                await Task.Delay(delay, cts.Token);
                var estimate = await Estimate(request, cts.Token);
                if (cts.IsCancellationRequested)
                    return;
                (_estimate, _estimating) = (estimate, false);
            }
            catch (OperationCanceledException)
            {
                return; // a newer change asked for another estimate
            }
            catch (ValidationFailedException)
            {
                (_estimate, _estimating) = (null, false);
            }
            catch (Exception ex) when (DatabaseFaults.IsUnavailable(ex))
            {
                (_estimate, _estimating) = (null, false); // the estimate is a help: the form goes on without it
            }
            StateHasChanged();
        });
    }

    private async Task SubmitAsync()
    {
        _submitted = true;
        _failure = null;
        Validate();
        if (_errors.Count > 0)
        {
            _failure = "Le flux n'est pas enregistré : corrigez les champs signalés.";
            return;
        }
        _saving = true;
        try
        {
            await OnSave(Draft.ToRequest());
        }
        catch (ValidationFailedException ex)
        {
            _serverErrors = ex.Errors.ToDictionary(e => e.Key, e => e.Value);
            _failure = "Le flux n'est pas enregistré : corrigez les champs signalés.";
        }
        catch (DomainException ex)
        {
            _failure = ex.Message;
        }
        finally
        {
            _saving = false;
        }
    }

    public void Dispose()
    {
        _pendingEstimate?.Cancel();
        GC.SuppressFinalize(this);
    }
}
