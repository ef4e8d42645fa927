using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using BackupHealth.Collector.Notify;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace BackupHealth.Collector.Tests.Notify;

public sealed class DeliveryErrorsTests
{
    [Theory]
    [InlineData(HttpStatusCode.BadRequest, true)]
    [InlineData(HttpStatusCode.Unauthorized, true)]
    [InlineData(HttpStatusCode.Forbidden, true)]
    [InlineData(HttpStatusCode.NotFound, true)]
    [InlineData(HttpStatusCode.Gone, true)]
    [InlineData(HttpStatusCode.UnprocessableEntity, true)]
    [InlineData(HttpStatusCode.MovedPermanently, true)]
    [InlineData(HttpStatusCode.RequestTimeout, false)]
    [InlineData(HttpStatusCode.TooManyRequests, false)]
    [InlineData(HttpStatusCode.InternalServerError, false)]
    [InlineData(HttpStatusCode.BadGateway, false)]
    [InlineData(HttpStatusCode.ServiceUnavailable, false)]
    public void Http_status_decides(HttpStatusCode status, bool permanent) =>
        Assert.Equal(permanent, DeliveryErrors.IsPermanent(new HttpDeliveryException(status, "")));

    [Fact]
    public void Smtp_rejection_of_a_recipient_is_permanent_a_deferral_is_not()
    {
        var mailbox = new MailboxAddress("", "noc@msp.example");

        Assert.True(DeliveryErrors.IsPermanent(new SmtpCommandException(SmtpErrorCode.RecipientNotAccepted, SmtpStatusCode.MailboxUnavailable, mailbox, "no such user")));
        Assert.True(DeliveryErrors.IsPermanent(new SmtpCommandException(SmtpErrorCode.MessageNotAccepted, SmtpStatusCode.TransactionFailed, "spam")));
        Assert.False(DeliveryErrors.IsPermanent(new SmtpCommandException(SmtpErrorCode.RecipientNotAccepted, SmtpStatusCode.MailboxBusy, mailbox, "greylisted")));
        Assert.False(DeliveryErrors.IsPermanent(new SmtpCommandException(SmtpErrorCode.UnexpectedStatusCode, SmtpStatusCode.ServiceNotAvailable, "shutting down")));
    }

    [Fact]
    public void Network_timeouts_and_logins_are_transient()
    {
        Assert.False(DeliveryErrors.IsPermanent(new HttpRequestException("refused", new SocketException((int)SocketError.ConnectionRefused))));
        Assert.False(DeliveryErrors.IsPermanent(new TaskCanceledException("timeout", new TimeoutException())));
        Assert.False(DeliveryErrors.IsPermanent(new AuthenticationException("535 bad credentials")));
        Assert.False(DeliveryErrors.IsPermanent(new SslHandshakeException("certificate")));
        Assert.False(DeliveryErrors.IsPermanent(new IOException("reset")));
    }

    [Fact]
    public void Unreadable_payload_or_unknown_channel_is_permanent()
    {
        Assert.True(DeliveryErrors.IsPermanent(new JsonException("bad")));
        Assert.True(DeliveryErrors.IsPermanent(new UnknownChannelException("gone")));
    }

    [Fact]
    public void Description_is_one_short_line()
    {
        Assert.Equal("timed out", DeliveryErrors.Describe(new TaskCanceledException("The request was canceled", new TimeoutException("100 s"))));
        var long_ = DeliveryErrors.Describe(new IOException("line one\nline two " + new string('x', 1000)));
        Assert.StartsWith("line one line two x", long_, StringComparison.Ordinal);
        Assert.Equal(DeliveryErrors.MaxErrorLength, long_.Length);
    }
}
