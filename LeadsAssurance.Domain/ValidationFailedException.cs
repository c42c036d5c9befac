namespace LeadsAssurance.Domain;

/// <summary>Input that breaks field rules; errors are French, keyed by field name (camelCase, as in the API).</summary>
public sealed class ValidationFailedException(IReadOnlyDictionary<string, string[]> errors)
    : DomainException(string.Join(" ", errors.SelectMany(e => e.Value)))
{
    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;

    public ValidationFailedException(string field, string message)
        : this(new Dictionary<string, string[]> { [field] = [message] })
    {
    }
}

/// <summary>The thing already exists (an email, a lead within the dedupe window).</summary>
public sealed class ConflictException(string message) : DomainException(message);

/// <summary>The thing does not exist, or is not the caller's to see.</summary>
public sealed class NotFoundException(string message) : DomainException(message);
