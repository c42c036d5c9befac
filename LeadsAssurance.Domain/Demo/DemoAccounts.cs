using LeadsAssurance.Domain.Accounts;

namespace LeadsAssurance.Domain.Demo;

/// <summary>The demo accounts created in Development (listed in the README).</summary>
public static class DemoAccounts
{
    public const string Password = "Demo!2026";

    public static readonly IReadOnlyList<NewAccount> All =
    [
        new("admin@leadsassurance.fr", Password, AccountRole.Admin, "LeadsAssurance", "552100554", null),
        new("contact@lead-expert.fr", Password, AccountRole.Provider, "Lead Expert SAS", "732829320", null),
        new("flux@assurprospect.fr", Password, AccountRole.Provider, "AssurProspect", "409296312", null),
        new("courtier@cabinet-martin.fr", Password, AccountRole.Broker, "Cabinet Martin Courtage", "443061841", "07001234"),
        new("contact@durand-assurances.fr", Password, AccountRole.Broker, "Durand Assurances", "380129866", "12045678"),
        new("leads@credit-conseil.fr", Password, AccountRole.Broker, "Crédit Conseil Lyon", "351887351", "19003456"),
    ];

    /// <summary>Real postal codes and communes, Corsica and overseas included, for plausible demo leads.</summary>
    public static readonly IReadOnlyList<(string Zip, string City)> Places =
    [
        ("75011", "Paris"), ("75015", "Paris"), ("92100", "Boulogne-Billancourt"), ("93200", "Saint-Denis"),
        ("94300", "Vincennes"), ("78000", "Versailles"), ("91300", "Massy"), ("95100", "Argenteuil"),
        ("69003", "Lyon"), ("69100", "Villeurbanne"), ("13008", "Marseille"), ("13100", "Aix-en-Provence"),
        ("31000", "Toulouse"), ("33000", "Bordeaux"), ("44000", "Nantes"), ("35000", "Rennes"),
        ("59000", "Lille"), ("67000", "Strasbourg"), ("06000", "Nice"), ("34000", "Montpellier"),
        ("38000", "Grenoble"), ("21000", "Dijon"), ("37000", "Tours"), ("49000", "Angers"),
        ("76000", "Rouen"), ("29200", "Brest"), ("87000", "Limoges"), ("63000", "Clermont-Ferrand"),
        ("64000", "Pau"), ("57000", "Metz"), ("51100", "Reims"), ("80000", "Amiens"),
        ("20000", "Ajaccio"), ("20200", "Bastia"), ("97400", "Saint-Denis"), ("97200", "Fort-de-France"),
        ("97100", "Basse-Terre"), ("01000", "Bourg-en-Bresse"), ("74000", "Annecy"), ("83000", "Toulon"),
    ];

    public const string ConsentText =
        "J'accepte d'être contacté(e) par téléphone, SMS ou e-mail par les partenaires listés ci-dessous, " +
        "courtiers en assurance et en crédit immatriculés à l'ORIAS, afin de recevoir une étude personnalisée " +
        "correspondant à ma demande. Ce consentement est valable 30 jours ; je peux le retirer à tout moment " +
        "en écrivant à dpo@leadsassurance.fr. Mes données sont traitées conformément au RGPD.";

    public const string ConsentTextVersion = "CONSENT-FR-2026-01";
}
