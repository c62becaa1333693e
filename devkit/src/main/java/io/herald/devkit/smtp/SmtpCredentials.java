package io.herald.devkit.smtp;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.subethamail.smtp.AuthenticationHandler;
import org.subethamail.smtp.AuthenticationHandlerFactory;
import org.subethamail.smtp.MessageContext;
import org.subethamail.smtp.RejectException;
import org.subethamail.smtp.auth.EasyAuthenticationHandlerFactory;
import org.subethamail.smtp.auth.LoginFailedException;

/**
 * AUTH PLAIN and LOGIN against one configured username and password. SubEthaSMTP answers a failed login with
 * a bare {@code 535 Authentication credentials invalid}; real providers (Gmail, Office 365, Postfix) add the
 * enhanced code {@code 5.7.8}, which is what Herald's classifier keys on, so failures are re-worded here.
 */
final class SmtpCredentials implements AuthenticationHandlerFactory {
  /** The reply to a wrong username or password. */
  static final SmtpReply INVALID_CREDENTIALS_535 =
      SmtpReply.reject(535, "5.7.8 Authentication credentials invalid");

  private final AuthenticationHandlerFactory delegate;

  SmtpCredentials(String username, String password) {
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(password, "password");
    this.delegate = new EasyAuthenticationHandlerFactory((user, pass, context) -> {
      if (!username.equals(user) || !password.equals(pass)) {
        throw new LoginFailedException();
      }
    });
  }

  @Override
  public List<String> getAuthenticationMechanisms() {
    return delegate.getAuthenticationMechanisms();
  }

  @Override
  public AuthenticationHandler create() {
    AuthenticationHandler handler = delegate.create();
    return new AuthenticationHandler() {
      @Override
      public Optional<String> auth(String clientInput, MessageContext context) throws RejectException {
        try {
          return handler.auth(clientInput, context);
        } catch (RejectException e) {
          if (e.getCode() == 535) {
            throw INVALID_CREDENTIALS_535.toException();
          }
          throw e;
        }
      }

      @Override
      public Object getIdentity() {
        return handler.getIdentity();
      }
    };
  }
}
