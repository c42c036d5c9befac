using MudBlazor;

namespace LeadsAssurance.Web.Components.Layout;

/// <summary>
/// One restrained palette (slate neutrals, one indigo accent), Inter, generous radius; light and dark. Every colour that
/// carries text meets WCAG AA (4.5:1) on the surface, the background and MudBlazor's ~10 % tint of itself (text chips,
/// alerts): the light theme's status colours are dark shades (Tailwind's 700s), the dark theme's filled buttons get dark text.
/// AccessibilityTests audits the pages with axe-core in both themes.
/// </summary>
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
            Tertiary = "#0f766e",
            Info = "#0369a1",
            Success = "#047857",
            Warning = "#a14a06",
            Error = "#b91c1c",
            Background = "#f8fafc",
            Surface = "#ffffff",
            AppbarBackground = "#ffffffee",
            AppbarText = "#0f172a",
            DrawerBackground = "#ffffff",
            DrawerText = "#334155",
            DrawerIcon = "#64748b",
            TextPrimary = "#0f172a",
            TextSecondary = "#56657a",
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
            // Light accents on a dark background: text on them is dark (white on #34d399 is 1.9:1).
            SecondaryContrastText = "#0b1020",
            TertiaryContrastText = "#0b1020",
            InfoContrastText = "#0b1020",
            SuccessContrastText = "#0b1020",
            WarningContrastText = "#0b1020",
            ErrorContrastText = "#0b1020",
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
