namespace LeadsAssurance.Domain.Email;

/// <summary>What an e-mail is about; stored with each message and named in logs instead of its recipient.</summary>
public enum EmailTemplate
{
    AccountCreated,
    AccountApproved,
    AccountSuspended,
    PasswordReset,
    PasswordResetCode,
    EmailConfirmation,
    CardTopUpReceived,
    CardPaymentReversed,
    LowBalance,
    FlowWebhookFailed,
    FlowPausedForCredits,
    FlowLeadsDelivered,
    FlowDailyDigest,
    DisputeDecidedForBroker,
    DisputeDecidedForProvider,
}
