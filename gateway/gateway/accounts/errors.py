"""Typed errors of the accounts domain: stable English codes, Spanish messages.

``keep_changes = True`` marks failures whose side effects must still be committed (a
counted wrong code, a revoked token family, an issued MFA setup token): see
:func:`gateway.accounts.deps.run_in_transaction`.
"""

from kit.errors import AppError, Conflict, Forbidden, NotFound, Unauthorized, Unprocessable


class EmailTaken(Conflict):
    code = "email_taken"
    message = "No pudimos crear la cuenta con ese correo. Si ya tienes una, inicia sesión."


class PrivacyNoticeMismatch(Unprocessable):
    code = "privacy_notice_mismatch"
    message = "Debes aceptar la versión vigente del aviso de privacidad."


class WeakPassword(Unprocessable):
    code = "weak_password"
    message = "La contraseña es demasiado débil."


class InvalidCredentials(Unauthorized):
    code = "invalid_credentials"
    message = "El correo o la contraseña no son correctos."


class EmailNotVerified(Forbidden):
    code = "email_not_verified"
    message = "Confirma tu correo con el código que te enviamos antes de iniciar sesión."


class AccountDisabled(Forbidden):
    code = "account_disabled"
    message = "Esta cuenta está desactivada."


class MfaSetupRequired(Forbidden):
    code = "mfa_setup_required"
    message = "Tu cuenta necesita verificación en dos pasos; configúrala para continuar."
    keep_changes = True


class MfaRequired(Unauthorized):
    code = "mfa_required"
    message = "Escribe el código de tu aplicación de autenticación."


class InvalidTotp(Unauthorized):
    code = "invalid_totp"
    message = "El código de verificación no es correcto o ya se usó."


class TotpCodeRejected(Unprocessable):
    code = "invalid_totp"
    message = "El código no coincide; revisa la hora de tu teléfono y usa el código actual."


class InvalidSetupToken(Unauthorized):
    code = "invalid_setup_token"
    message = "El permiso para configurar la verificación en dos pasos no es válido o expiró."


class MfaAlreadyEnabled(Conflict):
    code = "mfa_already_enabled"
    message = "La verificación en dos pasos ya está activa en esta cuenta."


class MfaSetupNotStarted(Conflict):
    code = "mfa_setup_not_started"
    message = "Primero inicia la configuración de la verificación en dos pasos."


class InvalidVerificationCode(Unprocessable):
    code = "invalid_verification_code"
    message = "El código no es correcto o ya se usó."
    keep_changes = True


class VerificationCodeExpired(Unprocessable):
    code = "verification_code_expired"
    message = "El código expiró o superó los intentos permitidos; solicita uno nuevo."
    keep_changes = True


class InvalidRefreshToken(Unauthorized):
    code = "invalid_refresh_token"
    message = "Tu sesión no es válida o expiró; inicia sesión de nuevo."


class RefreshTokenReused(Unauthorized):
    code = "refresh_token_reused"
    message = "Detectamos un uso repetido de tu sesión y la cerramos por seguridad."
    keep_changes = True


class WrongCurrentPassword(Unauthorized):
    code = "invalid_credentials"
    message = "La contraseña actual no es correcta."


class UserNotFound(NotFound):
    code = "user_not_found"
    message = "No existe esa cuenta."


class NotAPerson(Forbidden):
    code = "not_a_person"
    message = "Esta acción es solo para cuentas de personas, no para clientes de API."


class CannotChangeOwnAccount(Conflict):
    code = "cannot_change_own_account"
    message = "No puedes cambiar el rol ni activar o desactivar tu propia cuenta."


class ClientNotFound(NotFound):
    code = "client_not_found"
    message = "No existe ese cliente de API."


class InvalidClient(Unauthorized):
    code = "invalid_client"
    message = "Las credenciales del cliente de API no son válidas."

    def __init__(self, message: str | None = None, **kw) -> None:
        kw.setdefault("headers", {"WWW-Authenticate": 'Basic realm="cocrea"'})
        super().__init__(message, **kw)


class InvalidScope(AppError):
    status_code = 400
    code = "invalid_scope"
    message = "El alcance solicitado no está autorizado para este cliente."


class UnsupportedGrantType(AppError):
    status_code = 400
    code = "unsupported_grant_type"
    message = "Solo se admite grant_type=client_credentials."
