"""The mail outbox: messages are written in the same transaction as the change that causes them
and sent after the commit by a worker (`flask mail send-queued`), retried until they go out."""
