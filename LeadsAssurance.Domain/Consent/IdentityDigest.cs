using System.Security.Cryptography;
using System.Text;
using LeadsAssurance.Domain.Leads;

namespace LeadsAssurance.Domain.Consent;

/// <summary>
/// What a version-2 proof hash commits to instead of the person's identity in clear: lower-case hex HMAC-SHA256, keyed
/// with a random per-lead salt, of the canonical JSON <c>{"city":…,"email":…,"firstName":…,"lastName":…,"phone":…}</c>.
/// The salt lives beside the identity on the lead and is erased with it: a digest without its salt cannot be matched
/// against a guessed phone number or e-mail address, so what the chain keeps after an erasure identifies nobody.
/// </summary>
public static class IdentityDigest
{
    public const int SaltBytes = 16;

    public static byte[] NewSalt() => RandomNumberGenerator.GetBytes(SaltBytes);

    public static string Compute(ReadOnlySpan<byte> salt, LeadContact contact)
    {
        var sb = new StringBuilder(256);
        sb.Append('{');
        ConsentHasher.Field(sb, "city", contact.City, first: true);
        ConsentHasher.Field(sb, "email", contact.Email);
        ConsentHasher.Field(sb, "firstName", contact.FirstName);
        ConsentHasher.Field(sb, "lastName", contact.LastName);
        ConsentHasher.Field(sb, "phone", contact.Phone);
        sb.Append('}');
        return Convert.ToHexStringLower(HMACSHA256.HashData(salt, Encoding.UTF8.GetBytes(sb.ToString())));
    }
}
