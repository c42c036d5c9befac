using LeadsAssurance.Domain;
using LeadsAssurance.Web.Hosting.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;

namespace LeadsAssurance.Web.Hosting;

/// <summary>
/// /openapi/v1.json is what a broker's developer feeds to a client generator: it declares the X-Api-Key scheme and
/// puts it on every operation that needs it (the public consent check and Stripe's webhook go without), gives the
/// servers as the public address, and says in French what each error status means here. Each endpoint names and
/// describes itself (WithName, WithSummary, WithDescription) and lists its own errors.
/// </summary>
public static class OpenApiSetup
{
    public const string ApiKeyScheme = "ApiKey";

    private static readonly Dictionary<string, string> ErrorDescriptions = new()
    {
        ["400"] = "Données invalides : les erreurs par champ sont dans « errors ».",
        ["401"] = "Clé d'API absente, inconnue ou révoquée.",
        ["402"] = "Crédits insuffisants.",
        ["403"] = "Refusé : rôle inadapté, compte en attente ou suspendu, ou modification tentée avec la seule session du navigateur (utilisez une clé d'API).",
        ["404"] = "Introuvable, ou pas à vous.",
        ["409"] = "Conflit : déjà réservé, vendu, existant ou en cours de traitement.",
        ["410"] = "Expiré (réservation ou consentement).",
        ["413"] = "Corps de la requête trop volumineux.",
        ["415"] = "Type de contenu non pris en charge : envoyez du JSON.",
        ["422"] = "Règle métier non respectée ; le message dit laquelle.",
        ["429"] = "Trop de requêtes : réessayez après le délai de l'en-tête Retry-After.",
        ["503"] = "Base de données momentanément indisponible : réessayez après le délai de l'en-tête Retry-After.",
    };

    private static readonly Dictionary<string, string> TagDescriptions = new()
    {
        ["Comptes"] = "Le compte de la clé utilisée.",
        ["Comptes (admin)"] = "Création, approbation et suspension des comptes, clés d'API, crédits par virement. Clé d'un administrateur.",
        ["Catalogue"] = "Les produits en vente et le schéma de leurs attributs.",
        ["Listes de partenaires (apporteur)"] = "Pages « nos partenaires » publiées par version et scellées : un lead peut nommer ses partenaires par cette liste. Clé d'un apporteur.",
        ["Leads (apporteur)"] = "Envoi de leads consentis, un par un ou par lots, et suivi de ses leads. Clé d'un apporteur.",
        ["Marché (courtier)"] = "Leads en vente, réservation, paiement par crédits et achats. Clé d'un courtier.",
        ["Flux (courtier)"] = "Ordres d'achat permanents : les leads correspondants sont achetés avec vos crédits dès leur arrivée, avant la salle de marché, "
            + "et annoncés à votre webhook. Clé d'un courtier.",
        ["Achats et certificats (courtier)"] = "Exports des achats et certificats de consentement à présenter à l'ACPR ou à la CNIL.",
        ["Crédits (courtier)"] = "Relevés mensuels et reçus de recharge du portefeuille de crédits.",
        ["Vérification du consentement"] = "Contrôle public d'une preuve de consentement, sans clé et sans donnée personnelle.",
        ["Paiements"] = "Notifications de Stripe pour les paiements par carte.",
        ["Litiges"] = "Contestation d'un achat dans le délai (Market:DisputeWindow), motifs proposés, suivi des décisions. Clé d'un courtier "
            + "(la liste des litiges accepte aussi celle d'un administrateur).",
        ["Règles d'appel"] = "Délai d'appel après le consentement (30 jours), horaires légaux de démarchage (jours ouvrés, 10 h–13 h et 14 h–20 h, "
            + "hors jours fériés) et tentatives d'appel des 30 derniers jours (4 au plus) d'un lead acheté. Clé d'un courtier.",
        ["Litiges (admin)"] = "Décision sur les contestations : accepter (remboursement en crédits, une seule fois) ou refuser avec un motif. Clé d'un administrateur.",
        ["Données personnelles (admin)"] = "Effacement d'une personne à sa demande (RGPD art. 17) : son identité quitte tous ses leads, ses preuves "
            + "de consentement restent vérifiables, ses acheteurs sont informés (art. 19). Clé d'un administrateur.",
    };

    public static IServiceCollection AddAppOpenApi(this IServiceCollection services) => services.AddOpenApi(o =>
    {
        o.AddDocumentTransformer((document, context, _) =>
        {
            document.Info.Title = "LeadsAssurance API";
            document.Info.Description = "Place de marché de leads d'assurance et de crédit consentis : envoi de leads (apporteurs), marché et achats "
                + "(courtiers), certificats de consentement, administration. Authentification par l'en-tête X-Api-Key ; erreurs au format "
                + "ProblemDetails (RFC 9457). Contrat : API.md.";
            // Not an open licence: an SPDX "LicenseRef-" identifier names our own terms.
            document.Info.License = new OpenApiLicense { Name = "Propriétaire : réservé aux clients de LeadsAssurance", Identifier = "LicenseRef-LeadsAssurance" };
            foreach (var tag in document.Tags ?? new HashSet<OpenApiTag>())
                if (tag.Name is { } name && TagDescriptions.TryGetValue(name, out var description))
                    tag.Description = description;
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[ApiKeyScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = ApiKeyAuthenticationHandler.HeaderName,
                Description = "Clé d'API du compte, affichée une seule fois à sa création (page « Clés d'API » ou administrateur).",
            };
            // The request's own address otherwise, without the trailing slash linters object to.
            var publicBaseUrl = context.ApplicationServices.GetRequiredService<IOptions<AppOptions>>().Value.PublicBaseUrl;
            if (!string.IsNullOrEmpty(publicBaseUrl))
                document.Servers = [new OpenApiServer { Url = publicBaseUrl.TrimEnd('/') }];
            foreach (var server in document.Servers ?? [])
                server.Url = server.Url?.TrimEnd('/');
            return Task.CompletedTask;
        });
        o.AddOperationTransformer((operation, context, _) =>
        {
            var metadata = context.Description.ActionDescriptor.EndpointMetadata;
            var needsKey = metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any();
            // An empty requirement says "no key" explicitly, as linters want every operation to say something.
            operation.Security = needsKey
                ? [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiKeyScheme, context.Document)] = [] }]
                : [new OpenApiSecurityRequirement()];
            foreach (var (status, response) in operation.Responses ?? [])
                if (response is OpenApiResponse concrete && ErrorDescriptions.TryGetValue(status, out var description))
                    concrete.Description = description;
            return Task.CompletedTask;
        });
    });
}
