/** A rendered message: what every template in emails/ returns, before addressing and sending. */
export interface EmailContent {
  subject: string;
  html: string;
  text: string;
}

/** The links every email to a subscriber carries (RFC 8058 one-click target included). */
export interface SubscriberLinks {
  manage: string;
  unsubscribe: string;
}
