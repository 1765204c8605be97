import torch


def restore(path):
    return torch.load(path)


def restore_with_a_very_long_line_name(checkpoint_directory_path_for_the_nightly_model_refresh_job):
    return torch.load(checkpoint_directory_path_for_the_nightly_model_refresh_job)


def restore_commented(path):
    return torch.load(path)  # resume from the last epoch
