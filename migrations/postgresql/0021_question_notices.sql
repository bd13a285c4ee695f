-- The asker was e-mailed that their question has an answer and has not
-- opened it since: no second such e-mail until they do (1), or nothing
-- waiting (0).
ALTER TABLE questions ADD COLUMN answer_mail_pending INTEGER NOT NULL DEFAULT 0;
-- One answer per specialist and question: a second is refused (409), even
-- when two arrive at once.
CREATE UNIQUE INDEX answers_one_per_author ON answers(question_id, author_id);
