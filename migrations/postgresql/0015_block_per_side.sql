-- Each side of a conversation may block the other, and each block stands
-- until the one who made it lifts it: when both have blocked, one lifting
-- theirs leaves the other's in place. conversations.blocked_by and
-- blocked_at stay as the summary (the earliest standing block, NULL when
-- none), which sends and the reply-time figure read.
ALTER TABLE conversation_members ADD COLUMN blocked_at BIGINT;  -- UTC seconds; NULL: this side has not blocked
UPDATE conversation_members SET blocked_at = (
    SELECT c.blocked_at FROM conversations c
    WHERE c.id = conversation_members.conversation_id AND c.blocked_by = conversation_members.user_id);
