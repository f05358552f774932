using Microsoft.AspNetCore.Http;

namespace GoLive.ServiceDefaults;

/// <summary>The stable <c>code</c> values of GoLive problem details; clients branch on these, never on titles.</summary>
public static class ProblemCodes
{
    public const string BadRequest = "bad_request";
    public const string InvalidJson = "invalid_json";
    public const string ValidationFailed = "validation_failed";
    public const string Unauthorized = "unauthorized";
    public const string Forbidden = "forbidden";

    /// <summary>401: an operator route called without credentials (and not by an app it allows).</summary>
    public const string CredentialsRequired = "credentials_required";

    /// <summary>401: the operator key or token is unknown, expired, revoked or malformed (never saying which).</summary>
    public const string InvalidCredentials = "invalid_credentials";

    /// <summary>403: a valid operator without any of the route's roles.</summary>
    public const string InsufficientRole = "insufficient_role";

    /// <summary>401: an internal route called without the sidecar's app token (<c>dapr-api-token</c>).</summary>
    public const string AppTokenRequired = "app_token_required";

    /// <summary>403: an internal route called through the sidecar by an app it does not allow.</summary>
    public const string CallerNotAllowed = "caller_not_allowed";

    public const string NotFound = "not_found";
    public const string MethodNotAllowed = "method_not_allowed";
    public const string NotAcceptable = "not_acceptable";
    public const string RequestTimeout = "request_timeout";
    public const string Conflict = "conflict";
    public const string Gone = "gone";
    public const string PreconditionFailed = "precondition_failed";
    public const string PayloadTooLarge = "payload_too_large";
    public const string UnsupportedMediaType = "unsupported_media_type";
    public const string UnprocessableEntity = "unprocessable_entity";
    public const string TooManyRequests = "too_many_requests";
    public const string InternalError = "internal_error";
    public const string NotImplemented = "not_implemented";
    public const string BadGateway = "bad_gateway";
    public const string ServiceUnavailable = "service_unavailable";
    public const string GatewayTimeout = "gateway_timeout";

    /// <summary>The code for a status when the endpoint gave none.</summary>
    internal static string ForStatus(int status) => status switch
    {
        StatusCodes.Status401Unauthorized => Unauthorized,
        StatusCodes.Status403Forbidden => Forbidden,
        StatusCodes.Status404NotFound => NotFound,
        StatusCodes.Status405MethodNotAllowed => MethodNotAllowed,
        StatusCodes.Status406NotAcceptable => NotAcceptable,
        StatusCodes.Status408RequestTimeout => RequestTimeout,
        StatusCodes.Status409Conflict => Conflict,
        StatusCodes.Status410Gone => Gone,
        StatusCodes.Status412PreconditionFailed => PreconditionFailed,
        StatusCodes.Status413PayloadTooLarge => PayloadTooLarge,
        StatusCodes.Status415UnsupportedMediaType => UnsupportedMediaType,
        StatusCodes.Status422UnprocessableEntity => UnprocessableEntity,
        StatusCodes.Status429TooManyRequests => TooManyRequests,
        StatusCodes.Status501NotImplemented => NotImplemented,
        StatusCodes.Status502BadGateway => BadGateway,
        StatusCodes.Status503ServiceUnavailable => ServiceUnavailable,
        StatusCodes.Status504GatewayTimeout => GatewayTimeout,
        >= 500 => InternalError,
        _ => BadRequest,
    };
}
