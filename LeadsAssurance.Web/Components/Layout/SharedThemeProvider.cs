using System.Collections.Concurrent;
using Microsoft.AspNetCore.Components.Rendering;
using MudBlazor;

namespace LeadsAssurance.Web.Components.Layout;

/// <summary>
/// MudThemeProvider that renders its CSS variables from one string per theme and mode, shared by every circuit.
/// The stock provider rebuilds a ~20 KB style sheet on each render and every circuit keeps its own copies in its
/// render trees; with hundreds of brokers in the market room that was the largest single item per circuit.
/// </summary>
public sealed class SharedThemeProvider : MudThemeProvider
{
    private static readonly ConcurrentDictionary<(MudTheme Theme, bool Dark), string> Sheets = new();
    private static string? _scrollbar;

    protected override void BuildRenderTree(RenderTreeBuilder builder)
    {
        if (!DefaultScrollbar)
            builder.AddMarkupContent(0, _scrollbar ??= BuildMudBlazorScrollbar());
        // The layout binds IsDarkMode two-way, so the parameter is the mode in force (the base class reads its state).
#pragma warning disable MUD0010
        var dark = IsDarkMode;
#pragma warning restore MUD0010
        builder.AddMarkupContent(1, Sheets.GetOrAdd((GetTheme(), dark), static (_, provider) => provider.BuildTheme(), this));
    }
}
