from pathlib import Path

from click.testing import CliRunner

from incidentwatch.cli import cli
from incidentwatch.evaluation.merging import evaluate_merge

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "merge"


def test_two_outlets_on_one_attack_merge_and_a_third_attack_stays_apart():
    scores = evaluate_merge(FIXTURE)
    assert (scores.members_found, scores.gold_pairs, scores.predicted_pairs, scores.correct_pairs) == (3, 1, 1, 1)
    assert scores.precision == scores.recall == 1.0


def test_evaluate_merge_command_prints_pairwise_scores():
    result = CliRunner().invoke(cli, ["evaluate-merge", str(FIXTURE), "--min-f1", "0.99"])
    assert result.exit_code == 0, result.output
    assert '"pairwise_f1": 1.0' in result.stdout
