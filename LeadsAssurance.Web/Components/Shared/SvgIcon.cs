using System.Collections.Concurrent;
using Microsoft.AspNetCore.Components;

namespace LeadsAssurance.Web.Components.Shared;

/// <summary>
/// A MudBlazor icon as one markup fragment shared by every circuit, for the chrome every page shows
/// (app bar, navigation, balance): a MudIcon component per icon costs each circuit a component and two render trees.
/// </summary>
public static class SvgIcon
{
    private static readonly ConcurrentDictionary<(string Icon, string Class), MarkupString> Cache = new();

    public static MarkupString Render(string icon, string cssClass = "mud-icon-size-medium") =>
        Cache.GetOrAdd((icon, cssClass), static key => new MarkupString(
            $"<svg class=\"mud-icon-root mud-svg-icon {key.Class}\" focusable=\"false\" viewBox=\"0 0 24 24\" aria-hidden=\"true\">{key.Icon}</svg>"));
}
