namespace LeadsAssurance.Domain;

/// <summary>A business rule was broken; the message is French and can be shown to the user as is.</summary>
public class DomainException(string message) : Exception(message);
