using MudBlazor;

namespace LeadsAssurance.Web.Components.Layout;

/// <summary>One restrained palette (slate neutrals, one indigo accent), Inter, generous radius; light and dark.</summary>
public static class AppTheme
{
    private static readonly string[] Font = ["Inter", "system-ui", "-apple-system", "Segoe UI", "sans-serif"];

    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#4f46e5",
            PrimaryContrastText = "#ffffff",
            Secondary = "#0f172a",
            Tertiary = "#0d9488",
            Info = "#0284c7",
            Success = "#059669",
            Warning = "#d97706",
            Error = "#dc2626",
            Background = "#f8fafc",
            Surface = "#ffffff",
            AppbarBackground = "#ffffffee",
            AppbarText = "#0f172a",
            DrawerBackground = "#ffffff",
            DrawerText = "#334155",
            DrawerIcon = "#64748b",
            TextPrimary = "#0f172a",
            TextSecondary = "#64748b",
            LinesDefault = "#e2e8f0",
            TableLines = "#eef2f7",
            Divider = "#e2e8f0",
            ActionDefault = "#64748b",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#818cf8",
            PrimaryContrastText = "#0b1020",
            Secondary = "#e2e8f0",
            Tertiary = "#2dd4bf",
            Info = "#38bdf8",
            Success = "#34d399",
            Warning = "#fbbf24",
            Error = "#f87171",
            Background = "#0b1020",
            Surface = "#111827",
            AppbarBackground = "#0b1020ee",
            AppbarText = "#e2e8f0",
            DrawerBackground = "#0f172a",
            DrawerText = "#cbd5e1",
            DrawerIcon = "#94a3b8",
            TextPrimary = "#e2e8f0",
            TextSecondary = "#94a3b8",
            LinesDefault = "#1f2937",
            TableLines = "#1f2937",
            Divider = "#1f2937",
            ActionDefault = "#94a3b8",
        },
        LayoutProperties = new LayoutProperties { DefaultBorderRadius = "10px", AppbarHeight = "64px", DrawerWidthLeft = "248px" },
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = Font, FontSize = "0.875rem", LineHeight = "1.55" },
            H4 = new H4Typography { FontFamily = Font, FontSize = "1.75rem", FontWeight = "700", LetterSpacing = "-0.02em" },
            H5 = new H5Typography { FontFamily = Font, FontSize = "1.25rem", FontWeight = "600", LetterSpacing = "-0.01em" },
            H6 = new H6Typography { FontFamily = Font, FontSize = "1rem", FontWeight = "600" },
            Subtitle1 = new Subtitle1Typography { FontFamily = Font, FontWeight = "500" },
            Subtitle2 = new Subtitle2Typography { FontFamily = Font, FontWeight = "600" },
            Body1 = new Body1Typography { FontFamily = Font, FontSize = "0.9375rem" },
            Body2 = new Body2Typography { FontFamily = Font, FontSize = "0.875rem" },
            Button = new ButtonTypography { FontFamily = Font, FontWeight = "600", TextTransform = "none" },
            Caption = new CaptionTypography { FontFamily = Font, FontSize = "0.75rem" },
            Overline = new OverlineTypography { FontFamily = Font, FontWeight = "600", LetterSpacing = "0.08em" },
        },
    };
}
